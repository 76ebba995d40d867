package dev.weft.benchmarks.load;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.benchmarks.peers.WeftEchoServer;
import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.server.Endpoint;
import dev.weft.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scenario whose load weft's client generates, briefly, against a weft server in this JVM:
 * each must measure something and find every reply correct (the scenarios run by the C load
 * generator are {@link NativeLoadTest}'s).
 */
class ScenariosTest {
    private static final Duration BRIEF = Duration.ofMillis(700);
    private WebSocketServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(1));
        }
    }

    private Target start(WebSocketListener echo) throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1)
                .extensions(PerMessageDeflate.defaults())
                .fallbackEndpoint(Endpoint.of(echo))
                .endpoint("/subscribe", Endpoint.of(new WebSocketListener() {
                    @Override
                    public void onText(WebSocket ws, String text) {
                        for (String topic : text.isEmpty() ? new String[0] : text.split(",")) {
                            ws.subscribe(topic);
                        }
                        ws.sendText("ok");
                    }
                }))
                .endpoint("/broadcast", Endpoint.of(new WebSocketListener() {
                    @Override
                    public void onText(WebSocket ws, String text) {
                        server.broadcast(text, peer -> peer.path().equals("/broadcast"));
                    }
                }))
                .build().start();
        return Target.at(URI.create("ws://127.0.0.1:" + server.port()), ProcessHandle.current().pid());
    }

    @Test
    void everyScenarioMeasuresAndFindsEveryReplyCorrect() throws Exception {
        Target target = start(new WeftEchoServer.Echo());
        Map<String, Scenario> all = Scenarios.all(BRIEF, 300);
        assertThat(all.keySet()).containsExactly("small", "large", "huge", "latency", "handshakes", "memory", "broadcast",
                "small-deflate", "large-deflate", "medium-deflate", "publish-deflate", "subscriptions", "memory-deflate");
        for (Scenario s : all.values()) {
            if (NativeLoadTest.NATIVE.contains(s.name())) {
                continue;
            }
            Measurement m = s.run(target);
            assertThat(m.mismatches()).as(s.name() + ": " + m).isZero();
            if (s.name().equals("subscriptions")) {
                // This JVM's heap moves with the test itself: check that each subscription showed.
                assertThat(m.headline().value()).as(m.toString()).isPositive();
            } else if (s.name().equals("memory")) {
                // 300 connections in a JVM this size move its RSS by less than the noise: check the readings only.
                assertThat(m.figures().get(1).value()).as(m.toString()).isPositive();
            } else if (s.name().equals("memory-deflate")) {
                // 60 compressed connections: the same, and every compressed echo was right (above).
                assertThat(m.figures().get(3).value()).as("RSS with connections: " + m).isPositive();
            } else {
                assertThat(m.headline().value()).as(s.name() + ": " + m).isPositive();
            }
        }
    }
}
