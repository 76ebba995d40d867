package dev.weft.topic;

import dev.weft.MessageType;
import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What the server does with a {@link ClusterBus}: tells it of interest, hands it publishes, delivers what it receives. */
class ClusterBusTest {
    private final List<WebSocketServer> servers = new ArrayList<>();
    private final WebSocketClient client = WebSocketClient.create();

    @AfterEach
    void stop() {
        client.close();
        servers.forEach(s -> s.stop(Duration.ofMillis(500)));
    }

    /** Nodes in one JVM joined by direct calls: each publish goes to every other node interested in its topic. */
    static final class Exchange {
        final List<Node> nodes = new ArrayList<>();

        Node node() {
            Node n = new Node(this);
            nodes.add(n);
            return n;
        }
    }

    static final class Node implements ClusterBus {
        final Exchange exchange;
        final Set<String> interest = ConcurrentHashMap.newKeySet();
        volatile Receiver receiver;
        volatile RuntimeException down;

        Node(Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void start(Receiver r) {
            receiver = r;
        }

        @Override
        public CompletionStage<Void> publish(String topic, MessageType type, ByteBuffer payload) {
            if (down != null) {
                return CompletableFuture.failedFuture(down);
            }
            for (Node other : exchange.nodes) {
                if (other != this && other.interest.contains(topic)) {
                    other.receiver.deliver(topic, type, payload.duplicate());
                }
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void interestAdded(String topic) {
            interest.add(topic);
        }

        @Override
        public void interestRemoved(String topic) {
            interest.remove(topic);
        }

        @Override
        public void stop() {
            receiver = null;
        }
    }

    private WebSocketServer server(ClusterBus bus) throws Exception {
        WebSocketServer s = WebSocketServer.builder().host("127.0.0.1").port(0).cluster(bus)
                .endpoint("/{topic}", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        ws.subscribe(ws.pathParameters().get("topic"));
                    }
                }).build().start();
        servers.add(s);
        return s;
    }

    private Inbox subscriber(WebSocketServer s, String topic) throws Exception {
        Inbox in = new Inbox();
        client.connect(URI.create("ws://127.0.0.1:" + s.port() + "/" + topic), in).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> s.topicStats(topic) != null);
        return in;
    }

    @Test
    void aPublishReachesSubscribersOnEveryNodeOnceAndInterestFollowsSubscriptions() throws Exception {
        Exchange exchange = new Exchange();
        Node busA = exchange.node();
        Node busB = exchange.node();
        WebSocketServer a = server(busA);
        WebSocketServer b = server(busB);
        Inbox onA = subscriber(a, "news");
        Inbox onB = subscriber(b, "news");
        assertThat(busA.interest).containsExactly("news");

        assertThat(a.publish("news", "from a").get(5, TimeUnit.SECONDS)).isEqualTo(new PublishResult(1, 0, 0));
        b.publish("news", ByteBuffer.wrap(new byte[] {1, 2, 3})).get(5, TimeUnit.SECONDS);
        assertThat(onA.nextMessage()).isEqualTo("from a");
        assertThat(onB.nextMessage()).isEqualTo("from a");
        assertThat(onA.nextMessage()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(onB.nextMessage()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        onA.expectNoMessage(100);
        onB.expectNoMessage(0);
        assertThat(b.topicStats("news").published()).isEqualTo(2);

        a.connections().iterator().next().close();
        await().atMost(Duration.ofSeconds(5)).until(() -> busA.interest.isEmpty());
        assertThat(busB.interest).containsExactly("news");
    }

    @Test
    void whenTheBusFailsLocalSubscribersStillGetTheMessageAndTheFutureSaysWhatFailed() throws Exception {
        Exchange exchange = new Exchange();
        Node bus = exchange.node();
        WebSocketServer a = server(bus);
        Inbox local = subscriber(a, "alerts");
        bus.down = new ClusterUnavailableException("redis is down", null);

        assertThatThrownBy(() -> a.publish("alerts", "local only").get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(ClusterPublishException.class, e -> {
                    assertThat(e.localResult()).isEqualTo(new PublishResult(1, 0, 0));
                    assertThat(e.getCause()).isSameAs(bus.down);
                });
        assertThat(local.nextMessage()).isEqualTo("local only");
    }
}
