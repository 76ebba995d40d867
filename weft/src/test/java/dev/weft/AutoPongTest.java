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
}
