package dev.weft.micrometer;

import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import dev.weft.protocol.OversizedMessages;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.RawSocket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real server's figures in a Micrometer registry, and a wrapped listener's counts, as peers come, talk, misbehave and go. */
class WeftMetricsTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final WebSocketClient client = WebSocketClient.create();
    private WebSocketServer server;

    @AfterEach
    void stop() {
        client.close();
        if (server != null) {
            server.stop(Duration.ofMillis(500));
        }
    }

    private void start() throws Exception {
        WebSocketListener room = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                ws.subscribe("room");
            }
        };
        server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .config(WebSocketConfig.builder().maxMessageSize(1000).build())
                .endpoint("/", MeteredListener.wrap(room, registry, Tags.of("endpoint", "/")))
                .endpoint("/lenient", dev.weft.server.Endpoint.of(room).withConfig(WebSocketConfig.builder()
                        .maxMessageSize(1000).oversizedMessages(OversizedMessages.DISCARD).build()))
                .build().start();
        new WeftMetrics(server, Tags.of("server", "test")).bindTo(registry);
    }

    private double gauge(String name) {
        return registry.get(name).tags("server", "test").gauge().value();
    }

    private double closes(String code, boolean clean) {
        return registry.find("weft.closes").tags("code", code, "clean", String.valueOf(clean)).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    @Test
    void theServersFiguresAreReadEachTimeTheRegistryAsks() throws Exception {
        start();
        assertThat(gauge("weft.connections")).isZero();
        assertThat(registry.get("weft.memory.budget").tags("direction", "inbound").gauge().value()).isPositive();
        List<WebSocket> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            peers.add(client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"), new Inbox()).get(5, TimeUnit.SECONDS));
        }
        WebSocket lenient = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/lenient"), new Inbox())
                .get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("weft.connections") == 4 && gauge("weft.subscriptions") == 4);
        assertThat(gauge("weft.topics")).isEqualTo(1);

        lenient.sendBinary(ByteBuffer.allocate(5000)); // over the limit: dropped unread, the connection kept
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.get("weft.messages.discarded").functionCounter().count() == 1);
        assertThat(lenient.readyState()).isEqualTo(dev.weft.ReadyState.OPEN);

        for (WebSocket p : peers) {
            p.close(1000, "bye").get(5, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge("weft.connections") == 1 && gauge("weft.subscriptions") == 1);
        assertThat(registry.get("weft.sends.refused").functionCounter().count()).isZero();
    }

    @Test
    void aWrappedListenerCountsOpensMessagesAndClosesByCode() throws Exception {
        start();
        Inbox in = new Inbox();
        WebSocket talker = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"), in).get(5, TimeUnit.SECONDS);
        talker.sendText("one");
        talker.sendText("two");
        talker.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.get("weft.messages.received").tags("type", "text")
                .counter().count() == 2 && registry.get("weft.messages.received").tags("type", "binary").counter().count() == 1);
        talker.close(1000, "done").get(5, TimeUnit.SECONDS);

        WebSocket big = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"), new Inbox()).get(5, TimeUnit.SECONDS);
        big.sendBinary(ByteBuffer.allocate(5000)); // over the limit: 1009

        try (RawSocket raw = RawSocket.upgraded(server.port(), "/")) {
            raw.writeClientFrame(1, new byte[] {(byte) 0xC3, 0x28}); // not UTF-8: 1007
            raw.readToEnd();
        }
        try (RawSocket vanishing = RawSocket.upgraded(server.port(), "/")) {
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.get("weft.opens").counter().count() == 4);
        } // gone without a close frame: 1006

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(registry.find("weft.closes").counters()).as("closes so far").hasSize(4);
            assertThat(closes("1000", true)).isEqualTo(1);
            // Failed by the server (the peer broke a rule): not clean, whatever the peer answers.
            assertThat(closes("1009", false)).isEqualTo(1);
            assertThat(closes("1007", false)).isEqualTo(1);
            assertThat(closes("1006", false)).isEqualTo(1);
        });
        assertThat(registry.get("weft.opens").tags("endpoint", "/").counter().count()).isEqualTo(4);
        assertThat(registry.find("weft.errors").counters()).as("the 1009 and 1007 were reported as errors")
                .isNotEmpty().allSatisfy(c -> assertThat(c.getId().getTag("exception")).isNotBlank());
        assertThat(registry.find("weft.errors").counters().stream().mapToDouble(c -> c.count()).sum()).isGreaterThanOrEqualTo(2);
    }
}
