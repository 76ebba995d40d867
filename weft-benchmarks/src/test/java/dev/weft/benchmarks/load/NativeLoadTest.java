package dev.weft.benchmarks.load;

import dev.weft.MessageType;
import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.benchmarks.peers.WeftEchoServer;
import dev.weft.server.Endpoint;
import dev.weft.server.HandshakeInterceptor;
import dev.weft.server.UpgradeDecision;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.NeedsPeers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenarios the C load generator ({@code wsload}) runs, briefly, against a weft server in
 * this JVM: each measures something, finds every reply right and reports how busy its core was;
 * and every way a server can get a reply wrong is caught, while a right reply split into
 * fragments is not taken for a wrong one.
 */
@NeedsPeers("gcc, which builds the load generator wsload (bin/install-test-deps)")
class NativeLoadTest {
    /** The scenarios whose load wsload generates. */
    static final Set<String> NATIVE = Set.of("small", "large", "huge", "latency", "handshakes");
    private static final Duration BRIEF = Duration.ofMillis(700);
    private WebSocketServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(1));
        }
    }

    private Target start(Endpoint echo) throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1).fallbackEndpoint(echo).build().start();
        return Target.at(URI.create("ws://127.0.0.1:" + server.port()), ProcessHandle.current().pid());
    }

    @Test
    void everyNativeScenarioMeasuresAndFindsEveryReplyCorrect() throws Exception {
        Target target = start(Endpoint.of(new WeftEchoServer.Echo()));
        Map<String, Scenario> all = Scenarios.all(BRIEF, 300);
        for (String name : NATIVE) {
            Measurement m = all.get(name).run(target);
            assertThat(m.mismatches()).as(name + ": " + m).isZero();
            assertThat(m.headline().value()).as(name + ": " + m).isPositive();
            if (!name.equals("latency")) {
                Figure busy = m.figures().get(m.figures().size() - 1);
                assertThat(busy.name()).isEqualTo("generator core busy %");
                assertThat(busy.value()).as(name + ": " + m).isPositive().isLessThan(150);
            }
        }
    }

    @Test
    void echoesWithOtherBytesOfTheSameLengthAreCounted() throws Exception {
        Target target = start(Endpoint.of(new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText(text.substring(1) + "!");
            }
        }));
        assertThat(new EchoThroughput("small", 4, 2, 32, false, false, BRIEF).run(target).mismatches()).isPositive();
    }

    @Test
    void echoesOfAnotherLengthAreCounted() throws Exception {
        Target target = start(Endpoint.of(new WebSocketListener() {
            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                ws.sendBinary(ByteBuffer.allocate(data.remaining() + 1).put(data).put((byte) 0).flip());
            }
        }));
        assertThat(new EchoThroughput("large", 2, 1, 70_000, true, false, BRIEF).run(target).mismatches())
                .isPositive();
    }

    @Test
    void anEchoInFragmentsIsStillTheRightReply() throws Exception {
        Target target = start(Endpoint.of(new WebSocketListener() {
            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                int third = data.remaining() / 3;
                ws.sendFragment(MessageType.BINARY, data.slice(0, third), false);
                ws.sendFragment(MessageType.BINARY, data.slice(third, third), false);
                ws.sendFragment(MessageType.BINARY, data.slice(2 * third, data.remaining() - 2 * third), true);
            }
        }));
        Measurement m = new EchoThroughput("large", 2, 2, 70_000, true, false, BRIEF).run(target);
        assertThat(m.mismatches()).as(m.toString()).isZero();
        assertThat(m.headline().value()).as(m.toString()).isPositive();
    }

    @Test
    void latencyCountsRepliesItDidNotSend() throws Exception {
        Target target = start(Endpoint.of(new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText(text.replace('1', '2'));
            }
        }));
        assertThat(new FixedRateLatency(4, 2000, BRIEF).run(target).mismatches()).isPositive();
    }

    @Test
    void refusedHandshakesAreCounted() throws Exception {
        Target target = start(Endpoint.of(new WeftEchoServer.Echo())
                .withInterceptor(HandshakeInterceptor.of(r -> UpgradeDecision.reject(403, "no"))));
        Measurement m = new HandshakeRate(4, BRIEF).run(target);
        assertThat(m.mismatches()).as(m.toString()).isPositive();
    }
}
