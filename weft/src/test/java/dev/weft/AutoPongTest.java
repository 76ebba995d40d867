package dev.weft;

import dev.weft.server.WebSocketServer;
import dev.weft.testing.RawSocket;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** ws's autoPong: weft answers pings itself by default; with autoPong(false) the application does. */
class AutoPongTest {
    private static byte[] payload(byte[] frame) {
        return Arrays.copyOfRange(frame, 1, frame.length);
    }

    @Test
    void withAutoPongOffOnlyTheApplicationsAnswerGoesOut() throws Exception {
        WebSocketListener answersLate = new WebSocketListener() {
            @Override
            public void onPing(WebSocket ws, ByteBuffer p) {
                String got = StandardCharsets.UTF_8.decode(p.duplicate()).toString();
                ws.pong(ByteBuffer.wrap(("answer to " + got).getBytes(StandardCharsets.UTF_8)));
            }
        };
        try (WebSocketServer manual = WebSocketServer.builder().host("127.0.0.1").port(0)
                .config(WebSocketConfig.builder().autoPong(false).build()).endpoint("/", answersLate).build().start();
             WebSocketServer automatic = WebSocketServer.builder().host("127.0.0.1").port(0)
                     .endpoint("/", answersLate).build().start();
             RawSocket toManual = RawSocket.upgraded(manual.port(), "/");
             RawSocket toAutomatic = RawSocket.upgraded(automatic.port(), "/")) {
            toManual.writeClientFrame(0x9, "p1".getBytes(StandardCharsets.UTF_8));
            byte[] frame = toManual.readServerFrame();
            assertThat(frame[0]).isEqualTo((byte) 0xA);
            assertThat(new String(payload(frame), StandardCharsets.UTF_8)).as("the application's pong, and only it")
                    .isEqualTo("answer to p1");

            toAutomatic.writeClientFrame(0x9, "p2".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(payload(toAutomatic.readServerFrame()), StandardCharsets.UTF_8)).as("weft's own pong first")
                    .isEqualTo("p2");
            assertThat(new String(payload(toAutomatic.readServerFrame()), StandardCharsets.UTF_8)).isEqualTo("answer to p2");

            // Nothing else came from the manual server: a close now is answered by a close, not a stray pong.
            toManual.writeClientFrame(0x8, new byte[] {0x03, (byte) 0xE8});
            assertThat(toManual.readServerFrame()[0]).isEqualTo((byte) 0x8);
            manual.stop(Duration.ofMillis(200));
        }
    }

    /**
     * A burst of pings past {@code maxQueuedPongs}: the first ones are answered in order, and of
     * the ones after, only the latest once those answers are out (RFC 6455 §5.5.3), never an
     * answer out of order; the connection goes on as before.
     */
    @Test
    void aBurstOfPingsPastMaxQueuedPongsGetsTheFirstAnswersAndTheLatest() throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .config(WebSocketConfig.builder().maxQueuedPongs(8).build()).endpoint("/", new WebSocketListener() {
                }).build().start();
             RawSocket raw = RawSocket.upgraded(server.port(), "/")) {
            java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
            for (int i = 1; i <= 100; i++) {
                burst.write(new byte[] {(byte) 0x89, (byte) 0x81, 0, 0, 0, 0, (byte) i}); // masked with a zero key
            }
            raw.write(burst.toByteArray());
            java.util.List<Integer> answered = new java.util.ArrayList<>();
            while (answered.isEmpty() || answered.get(answered.size() - 1) != 100) {
                byte[] frame = raw.readServerFrame();
                assertThat(frame[0]).as("a pong").isEqualTo((byte) 0xA);
                answered.add((int) frame[1]);
            }
            assertThat(answered.subList(0, 8)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            assertThat(answered).isSorted().doesNotHaveDuplicates().hasSizeLessThan(100);
            raw.writeClientFrame(0x8, new byte[] {0x03, (byte) 0xE8});
            assertThat(raw.readServerFrame()[0]).as("then the close, nothing stray").isEqualTo((byte) 0x8);
        }
    }

    @Test
    void maxQueuedPongsIsAtLeastOne() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebSocketConfig.builder().maxQueuedPongs(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(WebSocketConfig.builder().maxQueuedPongs(3).build().toBuilder().build().maxQueuedPongs()).isEqualTo(3);
        assertThat(WebSocketConfig.defaults().maxQueuedPongs()).isEqualTo(64);
    }
}
