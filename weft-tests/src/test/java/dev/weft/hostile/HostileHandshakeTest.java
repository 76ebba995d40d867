package dev.weft.hostile;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile opening handshakes: each gets a specific HTTP status (or, where the request is
 * merely odd, a working upgrade), and the server keeps serving. Long header values are parsed
 * in one pass: the classes of ws's CVE-2021-32640 (a regular expression backtracking on a long
 * Sec-WebSocket-Protocol) and CVE-2024-37890 (a crash on too many headers) are ruled out.
 */
class HostileHandshakeTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private WebSocketServer server;

    @BeforeEach
    void start() throws IOException {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1)
                .endpoint("/", new WebSocketListener() {
                    @Override
                    public void onText(WebSocket ws, String text) {
                        ws.sendText(text);
                    }
                }).build().start();
    }

    @AfterEach
    void stop() {
        server.stop(Duration.ofMillis(500));
    }

    private static String upgrade(String extraHeaders) {
        return "GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY
                + "\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
    }

    static Stream<Arguments> requests() {
        StringBuilder manyHeaders = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            manyHeaders.append("X-").append(i).append(": v\r\n");
        }
        String manyTokens = "a, ".repeat(2000) + "Upgrade";
        String longProtocols = "p,".repeat(3500) + "chat";
        String longExtensions = "x; a=\"1".repeat(1000);
        String badProtocols = "p,".repeat(3500) + "bad/token";
        return Stream.of(
                Arguments.of("101 header fields", upgrade(manyHeaders.toString()), "HTTP/1.1 431 "),
                Arguments.of("a head over 8 KiB", upgrade("X-Big: " + "a".repeat(9000) + "\r\n"), "HTTP/1.1 431 "),
                Arguments.of("a request line over 8 KiB", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\n\r\n", "HTTP/1.1 414 "),
                Arguments.of("a header line without a colon", upgrade("Just-a-name\r\n"), "HTTP/1.1 400 "),
                Arguments.of("a header name with a space before the colon", upgrade("X-Bad : v\r\n"), "HTTP/1.1 400 "),
                Arguments.of("an obsolete folded header", upgrade("X-A: v\r\n folded\r\n"), "HTTP/1.1 400 "),
                Arguments.of("a bare LF", "GET / HTTP/1.1\nHost: h\n\n", "HTTP/1.1 400 "),
                Arguments.of("a NUL in a value", upgrade("X-A: a\u0000b\r\n"), "HTTP/1.1 400 "),
                Arguments.of("POST", upgrade("").replace("GET", "POST"), "HTTP/1.1 405 "),
                Arguments.of("HTTP/1.0", upgrade("").replace("HTTP/1.1", "HTTP/1.0"), "HTTP/1.1 400 "),
                Arguments.of("HTTP/2.0", upgrade("").replace("HTTP/1.1", "HTTP/2.0"), "HTTP/1.1 505 "),
                Arguments.of("no key", upgrade("").replace("Sec-WebSocket-Key: " + KEY + "\r\n", ""), "HTTP/1.1 400 "),
                Arguments.of("a key of 15 bytes", upgrade("").replace(KEY, "dGhlIHNhbXBsZSBub25j"), "HTTP/1.1 400 "),
                Arguments.of("a key that is not base64", upgrade("").replace(KEY, "!!!!!!!!!!!!!!!!!!!!!!=="), "HTTP/1.1 400 "),
                Arguments.of("two keys", upgrade("Sec-WebSocket-Key: " + KEY + "\r\n"), "HTTP/1.1 400 "),
                Arguments.of("version 7", upgrade("").replace("Version: 13", "Version: 7"), "HTTP/1.1 426 "),
                Arguments.of("no Upgrade token in Connection", upgrade("").replace("Connection: Upgrade", "Connection: close"),
                        "HTTP/1.1 400 "),
                Arguments.of("a Connection header of 2,000 tokens", upgrade("").replace("Connection: Upgrade",
                        "Connection: " + manyTokens), "HTTP/1.1 101 "),
                Arguments.of("a 7,000-character Sec-WebSocket-Protocol", upgrade("Sec-WebSocket-Protocol: " + longProtocols + "\r\n"),
                        "HTTP/1.1 101 "),
                Arguments.of("a long Sec-WebSocket-Protocol with a bad token at its end",
                        upgrade("Sec-WebSocket-Protocol: " + badProtocols + "\r\n"), "HTTP/1.1 400 "),
                Arguments.of("a 7,000-character Sec-WebSocket-Extensions of unbalanced quotes", upgrade("Sec-WebSocket-Extensions: " + longExtensions + "\r\n"),
                        "HTTP/1.1 400 "),
                Arguments.of("a Sec-WebSocket-Extensions of 1,000 well-formed offers",
                        upgrade("Sec-WebSocket-Extensions: " + "x; a=1, ".repeat(1000) + "y\r\n"), "HTTP/1.1 101 "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void eachHostileRequestGetsItsAnswerAndTheServerCarriesOn(String name, String request, String expectedStart) throws Exception {
        assertThat(exchange(request)).startsWith(expectedStart);
        // The server is still fine.
        assertThat(exchange(upgrade(""))).startsWith("HTTP/1.1 101 ");
    }

    private String exchange(String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            s.setSoTimeout(5000);
            try {
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException refusedMidWrite) {
                // The server may answer and close before a long request is fully written.
            }
            return dev.weft.testing.RawSocket.readHead(s.getInputStream());
        }
    }
}
