package dev.weft.interop;

import dev.weft.testing.PeerProcess;
import dev.weft.testing.NeedsPeers;
import dev.weft.testing.RawSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No maintained client speaks the legacy drafts any more, so faye-websocket's server side (whose
 * drafts weft's are meant to match) is the oracle: its protocol driver, websocket-driver, with
 * drafts allowed (peers/legacy_server.js). The same bytes of a draft-75 or -76 conversation
 * (handshake, the eight challenge bytes, text messages, a frame to skip, the closing frame) go
 * to that echo server and to {@code weft serve --legacy-drafts}, and both must answer with the
 * same bytes, byte for byte.
 */
@NeedsPeers("node with npm websocket-driver")
class LegacyDraftsOracleTest {
    private static final Path CLI_JAR = Path.of(System.getProperty("user.dir")).resolveSibling("weft-cli")
            .resolve("target").resolve("weft.jar");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String DRAFT_76 = "GET /demo HTTP/1.1\r\nHost: example.com\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\nUpgrade: WebSocket\r\n"
            + "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\nOrigin: http://example.com\r\n\r\n^n:ds[4U";
    private static final String DRAFT_75 = "GET /demo?room=1 HTTP/1.1\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
            + "Host: example.com:8080\r\nOrigin: http://example.com\r\n\r\n";
    private static final String[] MESSAGES = {"hello", "héllo wörld 𝄞", ""};

    @ParameterizedTest(name = "draft-{0}")
    @ValueSource(ints = {75, 76})
    void weftAnswersTheBytesFayeAnswers(int draft) throws Exception {
        byte[] handshake = (draft == 76 ? DRAFT_76 : DRAFT_75).getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        for (String message : MESSAGES) {
            messages.write(0x00);
            messages.writeBytes(message.getBytes(StandardCharsets.UTF_8));
            messages.write(0xFF);
        }
        messages.writeBytes(new byte[] {(byte) 0x80, 0x02, 'x', 'y'}); // a length-prefixed frame both skip
        if (draft == 76) {
            messages.writeBytes(new byte[] {(byte) 0xFF, 0x00});
        }

        byte[] fromFaye;
        try (PeerProcess node = PeerProcess.start("node", "legacy_server.js")) {
            int port = Integer.parseInt(node.awaitLine(l -> l.startsWith("listening "), 20).substring("listening ".length()));
            fromFaye = converse(port, handshake, messages.toByteArray(), draft);
        }
        byte[] fromWeft;
        try (PeerProcess serve = PeerProcess.start(JAVA, "-jar", CLI_JAR.toString(), "serve", "--port", "0",
                "--legacy-drafts")) {
            String line = serve.awaitLine(l -> l.startsWith("weft serve: listening on ws://"), 30);
            int port = Integer.parseInt(line.substring("weft serve: listening on ws://127.0.0.1:".length()).split(" ")[0]);
            fromWeft = converse(port, handshake, messages.toByteArray(), draft);
        }
        String fayeText = new String(fromFaye, StandardCharsets.ISO_8859_1);
        assertThat(fayeText).as("faye's answer").startsWith("HTTP/1.1 101 ").contains("\r\n\r\n");
        assertThat(HexFormat.of().formatHex(fromWeft)).as("weft's answer, as text:%n%s%nfaye's:%n%s",
                new String(fromWeft, StandardCharsets.ISO_8859_1), fayeText).isEqualTo(HexFormat.of().formatHex(fromFaye));
    }

    /**
     * Converses as a browser of the time did: the handshake, its answer (with -76's sixteen
     * bytes), then the messages; then reads until the server closes (-76, after the closing
     * frames) or, for -75, which has no closing frame, until the echoes are in.
     */
    private static byte[] converse(int port, byte[] handshake, byte[] messages, int draft) throws Exception {
        try (RawSocket raw = new RawSocket(port)) {
            raw.write(handshake);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            answer.writeBytes(raw.readHead().getBytes(StandardCharsets.ISO_8859_1));
            if (draft == 76) {
                answer.writeBytes(raw.read(16));
            }
            raw.write(messages);
            if (draft == 76) {
                answer.writeBytes(raw.readToEnd());
            } else {
                int echoes = 0;
                for (String m : MESSAGES) {
                    echoes += m.getBytes(StandardCharsets.UTF_8).length + 2;
                }
                answer.writeBytes(raw.read(echoes));
            }
            return answer.toByteArray();
        }
    }
}
