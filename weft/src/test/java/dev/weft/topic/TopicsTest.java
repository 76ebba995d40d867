package dev.weft.topic;

import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.RawSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Topics on one server: subscribe, publish, unsubscribe, close, slow subscribers, figures. */
class TopicsTest {
    private WebSocketServer server;
    private final WebSocketClient client = WebSocketClient.create();
    private final ConcurrentLinkedQueue<String> closes = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stop() {
        client.close();
        if (server != null) {
            server.stop(Duration.ofMillis(500));
        }
    }

    /**
     * Subscribes each connection to the comma-separated topics in its path at open; "sub T" and
     * "unsub T" change them later and answer "ok" (on the connection's loop, so applied by then),
     * "pub T M" publishes M to T from the connection, leaving it out, and answers with the result.
     */
    private final WebSocketListener topicClient = new WebSocketListener() {
        @Override
        public void onOpen(WebSocket ws) {
            for (String t : ws.pathParameters().get("topics").split(",")) {
                if (!t.equals("-")) {
                    ws.subscribe(t);
                }
            }
        }

        @Override
        public void onText(WebSocket ws, String text) {
            String[] words = text.split(" ", 3);
            switch (words[0]) {
                case "sub" -> ws.subscribe(words[1]);
                case "unsub" -> ws.unsubscribe(words[1]);
                case "pub" -> {
                    server.publish(words[1], words[2], ws).thenAccept(r -> ws.sendText("published " + r));
                    return;
                }
                case "topics" -> {
                    ws.sendText(String.join(",", new java.util.TreeSet<>(ws.topics())));
                    return;
                }
                default -> throw new IllegalArgumentException(text);
            }
            ws.sendText("ok");
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason, boolean clean) {
            closes.add(code + " " + reason);
        }
    };

    private WebSocketServer start(WebSocketServer.Builder b) throws Exception {
        server = b.host("127.0.0.1").port(0).loops(2).endpoint("/t/{topics}", topicClient).build().start();
        return server;
    }

    private WebSocket join(Inbox inbox, String topics) throws Exception {
        WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/t/" + topics), inbox)
                .get(5, TimeUnit.SECONDS);
        assertThat(inbox.next()).isEqualTo("open");
        ws.sendText("topics"); // answered after onOpen's subscriptions: they are in place
        assertThat(inbox.nextMessage()).isEqualTo(topics.equals("-") ? "" : topics);
        return ws;
    }

    @Test
    void aPublishReachesEverySubscriberOfItsTopicAndNobodyElse() throws Exception {
        start(WebSocketServer.builder());
        Inbox ab = new Inbox();
        Inbox a = new Inbox();
        Inbox b = new Inbox();
        Inbox none = new Inbox();
        join(ab, "a,b");
        join(a, "a");
        join(b, "b");
        join(none, "-");

        assertThat(server.publish("a", "to a").get(5, TimeUnit.SECONDS)).isEqualTo(new PublishResult(2, 0, 0));
        assertThat(server.publish("b", ByteBuffer.wrap(new byte[] {7, 8, 9})).get(5, TimeUnit.SECONDS))
                .isEqualTo(new PublishResult(2, 0, 0));
        assertThat(server.publish("nobody", "lost").get(5, TimeUnit.SECONDS)).isEqualTo(PublishResult.NOBODY);

        assertThat(ab.nextMessage()).isEqualTo("to a");
        assertThat(ab.nextMessage()).isEqualTo(ByteBuffer.wrap(new byte[] {7, 8, 9}));
        assertThat(a.nextMessage()).isEqualTo("to a");
        assertThat(b.nextMessage()).isEqualTo(ByteBuffer.wrap(new byte[] {7, 8, 9}));
        a.expectNoMessage(100);
        b.expectNoMessage(0);
        none.expectNoMessage(0);

        assertThat(server.topicStats("a")).isEqualTo(new TopicStats("a", 2, 1, 2, 0, 0));
        assertThat(server.topicStats("nobody")).isNull();
        assertThat(server.topicStats()).extracting(TopicStats::topic).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void thePublisherCanBeLeftOutAndMessagesFromOneThreadArriveInOrder() throws Exception {
        start(WebSocketServer.builder());
        Inbox speaker = new Inbox();
        Inbox listener = new Inbox();
        WebSocket ws = join(speaker, "room");
        join(listener, "room");
        ws.sendText("pub room hello");
        assertThat(speaker.nextMessage()).isEqualTo("published PublishResult[queued=1, skipped=0, closed=0]");
        assertThat(listener.nextMessage()).isEqualTo("hello");
        speaker.expectNoMessage(100);

        for (int i = 0; i < 2_000; i++) {
            server.publish("room", "m" + i);
        }
        for (int i = 0; i < 2_000; i++) {
            assertThat(listener.nextMessage()).isEqualTo("m" + i);
            assertThat(speaker.nextMessage()).isEqualTo("m" + i);
        }
    }

    @Test
    void unsubscribingAndClosingEndDeliveryAndATopicWithNobodyLeftIsForgotten() throws Exception {
        start(WebSocketServer.builder());
        Inbox stays = new Inbox();
        Inbox leaves = new Inbox();
        Inbox closes = new Inbox();
        WebSocket staying = join(stays, "x,y");
        WebSocket leaving = join(leaves, "x,y");
        WebSocket closing = join(closes, "y");

        leaving.sendText("unsub x");
        assertThat(leaves.nextMessage()).isEqualTo("ok");
        leaving.sendText("unsub never-subscribed");
        assertThat(leaves.nextMessage()).isEqualTo("ok");
        leaving.sendText("sub y"); // a second subscription is the same one
        assertThat(leaves.nextMessage()).isEqualTo("ok");
        leaving.sendText("topics");
        assertThat(leaves.nextMessage()).isEqualTo("y");
        assertThat(server.topicStats("y").subscribers()).isEqualTo(3);

        closing.close().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.topicStats("y").subscribers() == 2);

        assertThat(server.publish("x", "to x").get(5, TimeUnit.SECONDS).queued()).isEqualTo(1);
        assertThat(server.publish("y", "to y").get(5, TimeUnit.SECONDS).queued()).isEqualTo(2);
        assertThat(stays.nextMessage()).isEqualTo("to x");
        assertThat(stays.nextMessage()).isEqualTo("to y");
        assertThat(leaves.nextMessage()).isEqualTo("to y");
        leaves.expectNoMessage(100);

        leaving.sendText("unsub y");
        assertThat(leaves.nextMessage()).isEqualTo("ok");
        leaving.sendText("topics");
        assertThat(leaves.nextMessage()).isEqualTo("");
        staying.close().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.topicStats().isEmpty());
        assertThat(server.publish("x", "gone").get(5, TimeUnit.SECONDS)).isEqualTo(PublishResult.NOBODY);
    }

    @Test
    void aSubscriptionFromAnotherThreadIsInPlaceForTheNextPublish() throws Exception {
        start(WebSocketServer.builder());
        List<Inbox> inboxes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Inbox in = new Inbox();
            join(in, "-");
            inboxes.add(in);
        }
        for (WebSocket ws : server.connections()) {
            ws.subscribe("late"); // this thread is not the connection's loop
        }
        assertThat(server.publish("late", "now").get(5, TimeUnit.SECONDS).queued()).isEqualTo(8);
        for (Inbox in : inboxes) {
            assertThat(in.nextMessage()).isEqualTo("now");
        }
        for (WebSocket ws : server.connections()) {
            assertThat(ws.topics()).isEqualTo(Set.of("late"));
            ws.unsubscribe("late");
        }
        assertThat(server.publish("late", "after").get(5, TimeUnit.SECONDS)).isEqualTo(PublishResult.NOBODY);
    }

    @Test
    void aClientConnectionCannotSubscribe() throws Exception {
        start(WebSocketServer.builder());
        Inbox inbox = new Inbox();
        WebSocket ws = join(inbox, "-");
        assertThatThrownBy(() -> ws.subscribe("t")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(ws::topics).isInstanceOf(UnsupportedOperationException.class);
    }

    private static final String BIG = "z".repeat(60 * 1024);

    /** A server whose connections are slow past 64 KiB queued and capped at 512 KiB. */
    private WebSocketServer.Builder smallQueues() {
        return WebSocketServer.builder()
                .config(WebSocketConfig.builder().maxOutboundBytes(512 << 10).watermarks(16 << 10, 64 << 10).build());
    }

    /**
     * Publishes BIG to "feed" until {@code done} says so (at most 400 times), each time waiting
     * for {@code reader} to receive it, so the reader never lags; returns the results summed.
     */
    private PublishResult publishUntil(Inbox reader, java.util.function.Predicate<PublishResult> done) throws Exception {
        PublishResult sum = PublishResult.NOBODY;
        for (int i = 0; i < 400 && !done.test(sum); i++) {
            sum = sum.plus(server.publish("feed", BIG).get(5, TimeUnit.SECONDS));
            assertThat(reader.nextMessage()).isEqualTo(BIG);
        }
        return sum;
    }

    /** The server's connection that is not {@code clientSide}'s peer: the raw socket's. */
    private WebSocket theOtherThan(WebSocket clientSide) {
        return server.connections().stream()
                .filter(ws -> !ws.remoteAddress().equals(clientSide.localAddress())).findFirst().orElseThrow();
    }

    @Test
    void aSlowSubscriberIsSkippedWhileOneThatReadsGetsEverything() throws Exception {
        start(smallQueues());
        Inbox reader = new Inbox();
        WebSocket readerSide = join(reader, "feed");
        try (RawSocket neverReads = RawSocket.upgraded(server.port(), "/t/feed")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> server.topicStats("feed").subscribers() == 2);
            PublishResult sum = publishUntil(reader, r -> r.skipped() >= 20);
            assertThat(sum.skipped()).isEqualTo(20);
            assertThat(sum.closed()).isZero();
            WebSocket slow = theOtherThan(readerSide);
            assertThat(slow.bufferedAmount()).as("held to about the high watermark").isLessThanOrEqualTo((64 << 10) + BIG.length() + 16);
            TopicStats stats = server.topicStats("feed");
            assertThat(stats.skipped()).isEqualTo(20);
            assertThat(stats.deliveries()).isEqualTo(sum.queued());
            assertThat(stats.published()).isEqualTo((sum.queued() + sum.skipped()) / 2);
        }
    }

    @Test
    void underTheQueuePolicyASlowSubscriberFillsItsQueueToTheCapBeforeItIsSkipped() throws Exception {
        start(smallQueues().slowSubscriberPolicy(SlowSubscriberPolicy.queue()));
        Inbox reader = new Inbox();
        WebSocket readerSide = join(reader, "feed");
        try (RawSocket neverReads = RawSocket.upgraded(server.port(), "/t/feed")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> server.topicStats("feed").subscribers() == 2);
            PublishResult sum = publishUntil(reader, r -> r.skipped() >= 3);
            assertThat(sum.skipped()).isEqualTo(3);
            assertThat(theOtherThan(readerSide).bufferedAmount()).isBetween(256L << 10, 512L << 10);
        }
    }

    @Test
    void underTheClosePolicyASlowSubscriberIsClosedWith1013AndTheTopicGoesOn() throws Exception {
        start(smallQueues());
        server.slowSubscriberPolicy("feed", SlowSubscriberPolicy.close(1013));
        Inbox reader = new Inbox();
        join(reader, "feed");
        try (RawSocket neverReads = RawSocket.upgraded(server.port(), "/t/feed")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> server.topicStats("feed").subscribers() == 2);
            PublishResult sum = publishUntil(reader, r -> r.closed() >= 1);
            assertThat(sum.closed()).isEqualTo(1);
            assertThat(sum.skipped()).isZero();
            assertThat(server.topicStats("feed").closed()).isEqualTo(1);
            // Reading at last, the peer finds the close after the messages queued before it.
            byte[] frame;
            do {
                frame = neverReads.readServerFrame();
            } while (frame[0] != 0x8);
            assertThat(((frame[1] & 0xff) << 8) | (frame[2] & 0xff)).isEqualTo(1013);
            assertThat(new String(frame, 3, frame.length - 3, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("too slow");
            neverReads.close(); // and goes: the server need not wait out its close timeout
            await().atMost(Duration.ofSeconds(10)).until(() -> server.topicStats("feed").subscribers() == 1);
            assertThat(server.publish("feed", "still on").get(5, TimeUnit.SECONDS)).isEqualTo(new PublishResult(1, 0, 0));
            assertThat(reader.nextMessage()).isEqualTo("still on");
        }
        assertThatThrownBy(() -> SlowSubscriberPolicy.close(1000)).isInstanceOf(IllegalArgumentException.class);
    }
}
