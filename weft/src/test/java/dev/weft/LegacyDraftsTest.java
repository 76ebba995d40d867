package dev.weft;

import dev.weft.server.Endpoint;
import dev.weft.server.HandshakeInterceptor;
import dev.weft.server.UpgradeDecision;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.RawSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * faye-websocket's legacy drafts on a weft server, spoken byte by byte from a raw socket (no
 * maintained client speaks them any more): draft-hixie-76 with its challenge, draft-75,
 * the interceptor seeing the version, broadcast reaching a legacy connection as text,
 * closing both ways, and the drafts refused unless the server asks for them.
 */
class LegacyDraftsTest {
    /** draft-hixie-76 §1.3's request; its eight bytes after the head are "^n:ds[4U" and the answer "8jKS'y:G*Co,Wxa-". */
    private static final String DRAFT_76 = "GET /demo HTTP/1.1\r\nHost: example.com\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\nSec-WebSocket-Protocol: sample\r\nUpgrade: WebSocket\r\n"
            + "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\nOrigin: http://example.com\r\n\r\n";
    private static final String DRAFT_75 = "GET /demo HTTP/1.1\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
            + "Host: example.com\r\nOrigin: http://example.com\r\n\r\n";

    private WebSocketServer server;
    private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofMillis(500));
        }
    }

    /** Echoes text, records versions, closes and failed sends. */
    private void startServer(boolean legacy) throws Exception {
        WebSocketListener echo = new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                if (text.equals("binary please")) {
                    ws.sendBinary(ByteBuffer.wrap(new byte[] {1})).whenComplete((v, e) -> seen.add("binary: " + e));
                } else if (text.equals("close please")) {
                    ws.close(4000, "asked");
                } else {
                    ws.sendText("echo " + text);
                }
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason, boolean clean) {
                seen.add("close " + code + " " + clean);
            }
        };
        server = WebSocketServer.builder().host("127.0.0.1").port(0).legacyDrafts(legacy)
                .endpoint("/demo", Endpoint.of(echo).withInterceptor(HandshakeInterceptor.of(r -> {
                    seen.add("version " + r.version() + " " + r.subprotocols());
                    return UpgradeDecision.accept();
                })))
                .build().start();
    }

    private static byte[] text(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[utf8.length + 2];
        System.arraycopy(utf8, 0, frame, 1, utf8.length);
        frame[frame.length - 1] = (byte) 0xFF;
        return frame;
    }

    @Test
    void draft76HandshakeEchoBroadcastAndClosingFrames() throws Exception {
        startServer(true);
        try (RawSocket raw = new RawSocket(server.port())) {
            // The head and the first four of the eight bytes, then the rest with a message behind them.
            raw.write(DRAFT_76 + "^n:d");
            Thread.sleep(100);
            raw.write("s[4U");
            raw.write(text("héllo"));
            assertThat(raw.readHead()).isEqualTo("HTTP/1.1 101 WebSocket Protocol Handshake\r\nUpgrade: WebSocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Origin: http://example.com\r\n"
                    + "Sec-WebSocket-Location: ws://example.com/demo\r\nSec-WebSocket-Protocol: sample\r\n\r\n");
            assertThat(new String(raw.read(16), StandardCharsets.ISO_8859_1)).isEqualTo("8jKS'y:G*Co,Wxa-");
            assertThat(raw.read(text("echo héllo").length)).isEqualTo(text("echo héllo"));
            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("version 76 [sample]");

            assertThat(server.broadcast("to all")).isEqualTo(1);
            assertThat(raw.read(text("to all").length)).isEqualTo(text("to all"));

            raw.write(text("binary please"));
            assertThat(seen.poll(5, TimeUnit.SECONDS)).startsWith("binary: java.lang.UnsupportedOperationException")
                    .contains("draft-hixie-76 has no binary messages");

            raw.write(new byte[] {(byte) 0xFF, 0x00});
            assertThat(raw.read(2)).containsExactly(0xFF, 0x00);
            assertThat(raw.closedByPeer()).isTrue();
            assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("close 1005 true");
        }
    }

    /** A socket past a draft-76 handshake: request, eight bytes, and the answer's head and sixteen bytes read. */
    private RawSocket openedDraft76() throws Exception {
        RawSocket raw = new RawSocket(server.port());
        raw.write(DRAFT_76 + "^n:ds[4U");
        assertThat(raw.readHead()).startsWith("HTTP/1.1 101 ");
        assertThat(raw.read(16)).hasSize(16);
        return raw;
    }

    @Test
    void draft76ServerInitiatedCloseAndInvalidUtf8() throws Exception {
        startServer(true);
        try (RawSocket raw = openedDraft76()) {
            raw.write(text("close please"));
            assertThat(raw.read(2)).containsExactly(0xFF, 0x00);
            raw.write(new byte[] {(byte) 0xFF, 0x00});
            assertThat(raw.closedByPeer()).isTrue();
        }
        assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("version 76 [sample]");
        assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("close 4000 true");

        try (RawSocket raw = openedDraft76()) {
            raw.write(new byte[] {0x00, (byte) 0xC3, 0x28, (byte) 0xFF});
            assertThat(raw.readToEnd()).containsExactly(0xFF, 0x00);
        }
        seen.poll(5, TimeUnit.SECONDS); // the version
        assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("close 1007 false");
    }

    @Test
    void draft75HandshakeEchoAndCloseByTcp() throws Exception {
        startServer(true);
        try (RawSocket raw = new RawSocket(server.port())) {
            raw.write(DRAFT_75);
            assertThat(raw.readHead()).isEqualTo("HTTP/1.1 101 Web Socket Protocol Handshake\r\nUpgrade: WebSocket\r\n"
                    + "Connection: Upgrade\r\nWebSocket-Origin: http://example.com\r\n"
                    + "WebSocket-Location: ws://example.com/demo\r\n\r\n");
            raw.write(text("hi"));
            assertThat(raw.read(text("echo hi").length)).isEqualTo(text("echo hi"));
        }
        assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("version 75 []");
        assertThat(seen.poll(5, TimeUnit.SECONDS)).isEqualTo("close 1005 true");
    }

    @Test
    void withoutLegacyDraftsTheRequestGets426() throws Exception {
        startServer(false);
        try (RawSocket raw = new RawSocket(server.port())) {
            raw.write(DRAFT_76 + "^n:ds[4U");
            assertThat(raw.readHead()).startsWith("HTTP/1.1 426 ").contains("Sec-WebSocket-Version: 13, 8\r\n");
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void aDraft76ClientThatNeverSendsItsEightBytesIsCutOffAtTheHandshakeTimeout() throws Exception {
        dev.weft.testing.ManualTicker clock = new dev.weft.testing.ManualTicker();
        server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1).legacyDrafts(true)
                .config(WebSocketConfig.builder().handshakeTimeout(Duration.ofSeconds(10)).ticker(clock).build())
                .endpoint("/demo", new WebSocketListener() { })
                .build().start();
        try (RawSocket raw = new RawSocket(server.port())) {
            raw.write(DRAFT_76 + "^n:d");
            loopTurned(); // the server has read the head and waits for the rest of the eight bytes
            clock.advance(Duration.ofMillis(9_999));
            loopTurned();
            assertThat(raw.isOpenNow()).as("1 ms before the deadline").isTrue();
            clock.advance(Duration.ofMillis(1));
            assertThat(raw.readHead()).startsWith("HTTP/1.1 408 ");
        }
    }

    /** See {@link RawSocket#awaitLoopTurn}. */
    private void loopTurned() throws java.io.IOException {
        RawSocket.awaitLoopTurn(server.port(), "/demo");
    }
}
