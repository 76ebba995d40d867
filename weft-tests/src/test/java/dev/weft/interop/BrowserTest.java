package dev.weft.interop;

import dev.weft.testing.PeerProcess;
import dev.weft.testing.NeedsPeers;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser: Debian's headless Chromium opens the page that {@code weft serve} serves, and
 * the page's self-test round-trips a 70,000-character text message and a 65,543-byte binary
 * message over ws:// and closes with 4321; then it drives the page's own controls as a person
 * would (subprotocol field, Connect, a message sent with Enter) and checks what the page shows:
 * the negotiated subprotocol and extensions, and the echo with its round-trip time; and a message
 * sent to /chat over a WebSocket shows in the page's EventSource list of /events. It reports
 * to the server, which prints the verdict.
 * This runs the command-line tool's jar, so it tests the README's main job end to end.
 */
@NeedsPeers("Chromium")
class BrowserTest {
    private static final Path CLI_JAR = Path.of(System.getProperty("user.dir")).resolveSibling("weft-cli")
            .resolve("target").resolve("weft.jar");

    @Test
    void chromiumRoundTripsTextAndBinaryThroughWeftServe() throws Exception {
        assertThat(CLI_JAR).as("the weft command's jar, built by the reactor before this module").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (PeerProcess serve = PeerProcess.start(java, "-jar", CLI_JAR.toString(), "serve", "--port", "0",
                "--deflate", "--subprotocol", "chat.v1")) {
            String line = serve.awaitLine(l -> l.startsWith("weft serve: listening on ws://"), 30);
            String hostPort = line.substring("weft serve: listening on ws://".length()).split(" ")[0];
            try (PeerProcess chromium = Chromium.open("http://" + hostPort + "/?selftest&subprotocol=chat.v1")) {
                String verdict = serve.awaitLine(l -> l.startsWith("weft serve: page selftest"), 90);
                assertThat(verdict).as("chromium output:%n%s", chromium.output()).contains("selftest ok+");
                String detail = URLDecoder.decode(verdict, StandardCharsets.UTF_8);
                assertThat(detail).contains("text 70015 chars, binary 65543 bytes, close 4321")
                        .contains("ui subprotocol=chat.v1 extensions=permessage-deflate")
                        .containsPattern("rtt=\\d+\\.\\d ms")
                        .contains("events: a /chat message of 2 lines arrived on /events");
                // The page reports once its own close event fired; the server logs its side of the
                // close on its loop, which may print before or after the report arrives.
                String closed = serve.awaitPrinted(l -> l.startsWith("close /echo"), 30);
                assertThat(closed).contains("code=4321");
            }
        }
    }
}
