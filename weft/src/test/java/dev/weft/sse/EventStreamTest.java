package dev.weft.sse;

import dev.weft.ReadyState;
import dev.weft.SendQueueFullException;
import dev.weft.WebSocketConfig;
import dev.weft.server.HandshakeInterceptor;
import dev.weft.server.UpgradeDecision;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.ManualTicker;
import dev.weft.testing.RawSocket;
import dev.weft.topic.PublishResult;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Event streams on weft's own server, read byte for byte over raw sockets. */
class EventStreamTest {
    /** Streams as they open and close. */
    static final class Streams implements EventStreamListener {
        final BlockingQueue<EventStream> opened = new LinkedBlockingQueue<>();
        final BlockingQueue<EventStream> closed = new LinkedBlockingQueue<>();

        @Override
        public void onOpen(EventStream stream) {
            opened.add(stream);
        }

        @Override
        public void onClose(EventStream stream) {
            closed.add(stream);
        }

        EventStream nextOpened() throws InterruptedException {
            EventStream s = opened.poll(5, TimeUnit.SECONDS);
            assertThat(s).as("a stream opened").isNotNull();
            return s;
        }
    }

    private static String get(String path, String... headers) {
        StringBuilder b = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    @Test
    void aGetOpensAStreamOfEventsWithTheRequestsPartsAndLastEventId() throws Exception {
        Streams streams = new Streams();
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1)
                .eventStream("/rooms/{room}/events", EventStreamEndpoint.of(streams).withRetry(Duration.ofSeconds(2)))
                .build().start();
             RawSocket client = new RawSocket(server.port())) {
            client.write(get("/rooms/lobby/events", "Last-Event-ID: 41"));
            String head = client.readHead();
            assertThat(head).startsWith("HTTP/1.1 200 ").contains("Content-Type: text/event-stream; charset=utf-8\r\n")
                    .contains("Cache-Control: no-cache, no-store\r\n").contains("X-Accel-Buffering: no\r\n")
                    .doesNotContain("Content-Length").doesNotContain("Access-Control-Allow-Origin");
            assertThat(client.readEventBlock()).as("the endpoint's retry, first").isEqualTo("retry: 2000\n\n");
            EventStream stream = streams.nextOpened();
            assertThat(stream.lastEventId()).isEqualTo("41");
            assertThat(stream.pathParameters()).containsEntry("room", "lobby");
            assertThat(stream.request().path()).isEqualTo("/rooms/lobby/events");
            assertThat(stream.readyState()).isEqualTo(ReadyState.OPEN);
            assertThat(server.eventStreams()).containsExactly(stream);

            stream.send("two\nlines").get(5, TimeUnit.SECONDS);
            assertThat(client.readEventBlock()).isEqualTo("data: two\ndata: lines\n\n");
            stream.send(ServerSentEvent.of("{\"n\":42}").withEvent("count").withId("42"));
            assertThat(client.readEventBlock()).isEqualTo("event: count\nid: 42\ndata: {\"n\":42}\n\n");
            stream.comment("hi");
            assertThat(client.readEventBlock()).isEqualTo(":hi\n\n");

            stream.close();
            assertThat(client.closedByPeer()).as("close() ends the response").isTrue();
            assertThat(streams.closed.poll(5, TimeUnit.SECONDS)).isSameAs(stream);
            assertThat(stream.readyState()).isEqualTo(ReadyState.CLOSED);
            assertThat(stream.send("late")).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class);
            assertThat(server.eventStreams()).isEmpty();
        }
    }

    @Test
    void aClientThatGoesAwayIsHeardAndWhatItSendsIsIgnored() throws Exception {
        Streams streams = new Streams();
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1)
                .eventStream("/events", EventStreamEndpoint.of(streams)).build().start()) {
            RawSocket client = new RawSocket(server.port());
            client.write(get("/events"));
            assertThat(client.readHead()).startsWith("HTTP/1.1 200 ");
            EventStream stream = streams.nextOpened();
            assertThat(stream.lastEventId()).isNull();
            client.write(new byte[64 << 10]); // nonsense from the client: read and dropped
            stream.send("still open").get(5, TimeUnit.SECONDS);
            assertThat(client.readEventBlock()).isEqualTo("data: still open\n\n");
            client.close();
            assertThat(streams.closed.poll(5, TimeUnit.SECONDS)).isSameAs(stream);
        }
    }

    @Test
    void crossOriginReadsFollowTheEndpointsCorsSettings() throws Exception {
        Streams streams = new Streams();
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1)
                .eventStream("/open", EventStreamEndpoint.of(streams).withAllowedOrigins("*"))
                .eventStream("/app", EventStreamEndpoint.of(streams).withAllowedOrigins("https://app.example")
                        .withCredentials(true))
                .eventStream("/own", EventStreamEndpoint.of(streams))
                .build().start()) {
            int port = server.port();
            try (RawSocket c = new RawSocket(port)) {
                c.write(get("/open", "Origin: https://anyone.example"));
                assertThat(c.readHead()).startsWith("HTTP/1.1 200 ").contains("Access-Control-Allow-Origin: *\r\n");
            }
            try (RawSocket c = new RawSocket(port)) {
                c.write(get("/app", "Origin: https://app.example"));
                assertThat(c.readHead()).startsWith("HTTP/1.1 200 ")
                        .contains("Access-Control-Allow-Origin: https://app.example\r\n")
                        .contains("Access-Control-Allow-Credentials: true\r\n").contains("Vary: Origin\r\n");
            }
            try (RawSocket c = new RawSocket(port)) {
                c.write(get("/app", "Origin: https://evil.example"));
                assertThat(new String(c.readToEnd())).startsWith("HTTP/1.1 403 ").contains("https://evil.example");
            }
            try (RawSocket c = new RawSocket(port)) {
                c.write(get("/own", "Origin: http://127.0.0.1"));
                assertThat(c.readHead()).as("the server's own origin").startsWith("HTTP/1.1 200 ");
            }
            try (RawSocket c = new RawSocket(port)) {
                c.write("OPTIONS /app HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://app.example\r\n"
                        + "Access-Control-Request-Headers: last-event-id\r\n\r\n");
                assertThat(new String(c.readToEnd())).startsWith("HTTP/1.1 204 ")
                        .contains("Access-Control-Allow-Headers: Last-Event-ID, Cache-Control\r\n")
                        .contains("Access-Control-Allow-Methods: GET\r\n");
            }
            try (RawSocket c = new RawSocket(port)) {
                c.write("POST /own HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
                assertThat(new String(c.readToEnd())).startsWith("HTTP/1.1 405 ").contains("Allow: GET, OPTIONS");
            }
            assertThat(streams.opened).hasSize(3);
        }
    }

    @Test
    void theInterceptorDecidesAndAttachesAndA204StopsTheBrowser() throws Exception {
        Streams streams = new Streams();
        HandshakeInterceptor byToken = request -> CompletableFuture.completedFuture(
                "t=ok".equals(request.query()) ? UpgradeDecision.accept().withAttachment("alice").withHeader("X-User", "alice")
                        : UpgradeDecision.reject(204));
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1)
                .eventStream("/events", EventStreamEndpoint.of(streams).withInterceptor(byToken)).build().start()) {
            try (RawSocket c = new RawSocket(server.port())) {
                c.write(get("/events?t=no"));
                assertThat(new String(c.readToEnd())).startsWith("HTTP/1.1 204 ");
            }
            try (RawSocket c = new RawSocket(server.port())) {
                c.write(get("/events?t=ok"));
                assertThat(c.readHead()).startsWith("HTTP/1.1 200 ").contains("X-User: alice\r\n");
                EventStream stream = streams.nextOpened();
                assertThat((String) stream.attachment()).isEqualTo("alice");
            }
        }
    }

    @Test
    void anIdleStreamGetsAKeepaliveCommentOnTheServersClock() throws Exception {
        ManualTicker clock = new ManualTicker();
        Streams streams = new Streams();
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1)
                .config(WebSocketConfig.builder().ticker(clock).build())
                .eventStream("/events", EventStreamEndpoint.of(streams).withKeepAlive(Duration.ofSeconds(15)))
                .build().start();
             RawSocket client = new RawSocket(server.port())) {
            client.write(get("/events"));
            client.readHead();
            EventStream stream = streams.nextOpened();
            clock.advance(Duration.ofSeconds(10));
            stream.send("busy").get(5, TimeUnit.SECONDS);
            assertThat(client.readEventBlock()).isEqualTo("data: busy\n\n");
            clock.advance(Duration.ofSeconds(10)); // 20 s since the start, 10 since the event: not idle yet
            stream.send("marker").get(5, TimeUnit.SECONDS);
            assertThat(client.readEventBlock()).as("no comment before the event").isEqualTo("data: marker\n\n");
            clock.advance(Duration.ofSeconds(16));
            assertThat(client.readEventBlock()).isEqualTo(":\n\n");
        }
    }

    @Test
    void topicsReachStreamsAsMessageEventsAndBinaryIsSkipped() throws Exception {
        Streams streams = new Streams();
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(2)
                .eventStream("/events", EventStreamEndpoint.of(streams)).build().start();
             RawSocket a = new RawSocket(server.port()); RawSocket b = new RawSocket(server.port())) {
            a.write(get("/events"));
            a.readHead();
            b.write(get("/events"));
            b.readHead();
            EventStream first = streams.nextOpened();
            EventStream second = streams.nextOpened();
            first.subscribe("news");
            second.subscribe("news");
            await().atMost(Duration.ofSeconds(5)).until(() -> first.topics().contains("news"));
            PublishResult text = server.publish("news", "line 1\nline 2").get(5, TimeUnit.SECONDS);
            assertThat(text.queued()).isEqualTo(2);
            assertThat(a.readEventBlock()).isEqualTo("data: line 1\ndata: line 2\n\n");
            assertThat(b.readEventBlock()).isEqualTo("data: line 1\ndata: line 2\n\n");
            PublishResult binary = server.publish("news", ByteBuffer.wrap(new byte[] {1, 2})).get(5, TimeUnit.SECONDS);
            assertThat(binary.skipped()).isEqualTo(2);
            assertThat(server.topicStats("news").subscribers()).isEqualTo(2);
            a.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.topicStats("news").subscribers() == 1);
            second.unsubscribe("news");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.topicStats("news") == null);
        }
    }

    @Test
    void aClientThatNeverReadsFillsItsOwnQueueToTheCapAndNothingElse() throws Exception {
        Streams streams = new Streams();
        WebSocketConfig config = WebSocketConfig.builder().socketSendBuffer(8 << 10).watermarks(4 << 10, 16 << 10)
                .maxOutboundBytes(256 << 10).build();
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1).config(config)
                .eventStream("/events", EventStreamEndpoint.of(streams)).build().start();
             RawSocket stalled = new RawSocket(server.port()); RawSocket reader = new RawSocket(server.port())) {
            stalled.write(get("/events"));
            stalled.readHead();
            EventStream slow = streams.nextOpened();
            reader.write(get("/events"));
            reader.readHead();
            EventStream fine = streams.nextOpened();

            String kib = "x".repeat(1024);
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            CompletableFuture<Void> refused = null;
            for (int i = 0; i < 10_000 && refused == null; i++) {
                CompletableFuture<Void> f = slow.send(kib);
                if (f.isCompletedExceptionally()) {
                    refused = f;
                } else {
                    sends.add(f);
                }
            }
            assertThat(refused).as("a send past the hard cap fails at once").isNotNull();
            assertThat(refused).failsWithin(1, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(SendQueueFullException.class);
            assertThat(slow.bufferedAmount()).isLessThanOrEqualTo(256 << 10);
            assertThat(slow.isWritable()).isFalse();
            assertThat(slow.readyState()).as("left open").isEqualTo(ReadyState.OPEN);

            fine.send("unaffected").get(5, TimeUnit.SECONDS);
            assertThat(reader.readEventBlock()).isEqualTo("data: unaffected\n\n");
        }
    }

    @Test
    void stoppingTheServerEndsEveryStreamAndTheLimitCountsStreams() throws Exception {
        Streams streams = new Streams();
        WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1).maxConnections(1)
                .eventStream("/events", EventStreamEndpoint.of(streams)).build().start();
        try (RawSocket client = new RawSocket(server.port()); RawSocket second = new RawSocket(server.port())) {
            client.write(get("/events"));
            client.readHead();
            streams.nextOpened();
            second.write(get("/events"));
            assertThat(new String(second.readToEnd())).startsWith("HTTP/1.1 503 ");
            server.stop(Duration.ofSeconds(2));
            assertThat(client.closedByPeer()).isTrue();
            assertThat(streams.closed.poll(5, TimeUnit.SECONDS)).isNotNull();
        } finally {
            server.close();
        }
    }
}
