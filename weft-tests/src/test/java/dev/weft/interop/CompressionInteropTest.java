package dev.weft.interop;

import dev.weft.testing.PeerProcess;
import dev.weft.testing.NeedsPeers;
import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.ConnectOptions;
import dev.weft.client.WebSocketClient;
import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.server.WebSocketServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** permessage-deflate with software we did not write: npm ws in several configurations, python3-websockets, Chromium. */
@NeedsPeers("node with npm ws, python3-websockets and Chromium")
class CompressionInteropTest {
    private static WebSocketListener echo() {
        return dev.weft.testing.Listeners.ECHO;
    }

    /**
     * ws's zlib inflates with exactly the window agreed, so a back-reference beyond it (the
     * script sends random blocks repeated farther apart than the window, within a message and
     * across messages) fails there: the echoes check weft's compressor, and ws's compressor
     * checks weft's inflater.
     */
    @ParameterizedTest(name = "ws client {0}")
    @CsvSource({
        "default, permessage-deflate",
        "noContextTakeover, permessage-deflate; server_no_context_takeover; client_no_context_takeover",
        "serverWindow10, permessage-deflate; server_max_window_bits=10",
        "smallWindows, permessage-deflate; server_max_window_bits=10; client_max_window_bits=10",
        "windows9, permessage-deflate; server_max_window_bits=9; client_max_window_bits=9",
        "windows12, permessage-deflate; server_max_window_bits=12; client_max_window_bits=12",
        "windows15, permessage-deflate; server_max_window_bits=15; client_max_window_bits=15",
        "windows9NoTakeover, permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9; client_max_window_bits=9"})
    void npmWsClientWithCompressionAgainstWeftServer(String variant, String expected) throws Exception {
        BlockingQueue<String> agreed = new LinkedBlockingQueue<>();
        WebSocketListener recordingEcho = dev.weft.testing.Listeners.echoRecordingExtensions(agreed);
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .extensions(PerMessageDeflate.defaults()).endpoint("/", recordingEcho).build().start();
             PeerProcess node = PeerProcess.start("node", "deflate.js", "client", "ws://127.0.0.1:" + server.port() + "/", variant)) {
            assertThat(node.await(120)).as(node.output()).isZero();
            assertThat(node.output()).contains("negotiated permessage-deflate", "ok echoes");
            assertThat(agreed.poll(5, TimeUnit.SECONDS)).as("weft's answer").isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "ws server {0}")
    @CsvSource({"default", "noContextTakeover", "serverWindow10", "smallWindows", "windows9", "windows12", "windows15",
        "windows9NoTakeover"})
    void weftClientWithCompressionAgainstNpmWsServer(String variant) throws Exception {
        try (PeerProcess node = PeerProcess.start("node", "deflate.js", "server", variant);
             WebSocketClient client = WebSocketClient.create()) {
            ClientConversation.Recorder r = new ClientConversation.Recorder();
            WebSocket ws = connectCompressing(client, node, r);
            assertThat(ws.extensions()).extracting(e -> e.name()).containsExactly("permessage-deflate");
            roundTrips(ws, r);
            assertThat(node.awaitLine(l -> l.startsWith("negotiated"), 5)).contains("-> permessage-deflate");
        }
    }

    /** Connects to the server a peer process said it listens on, compressing every message. */
    private static WebSocket connectCompressing(WebSocketClient client, PeerProcess server, ClientConversation.Recorder r)
            throws Exception {
        String port = server.awaitLine(l -> l.startsWith("listening "), 20).substring("listening ".length());
        return client.connect(URI.create("ws://127.0.0.1:" + port + "/"),
                ConnectOptions.builder().extensions(PerMessageDeflate.builder().threshold(0).build()).build(), r)
                .get(10, TimeUnit.SECONDS);
    }

    static void roundTrips(WebSocket ws, ClientConversation.Recorder r) throws Exception {
        Random random = new Random(5);
        for (int n : new int[] {0, 10, 2000, 100_000, 1 << 20}) {
            String text = "{\"k\":\"" + "v".repeat(n) + "\"}";
            ws.sendText(text);
            assertThat(r.message()).isEqualTo(text);
            byte[] bin = new byte[n];
            random.nextBytes(bin);
            ws.sendBinary(bin);
            assertThat(ClientConversation.bytes((ByteBuffer) r.message())).isEqualTo(bin);
        }
        // Random blocks repeated farther apart than a small window, within and across messages.
        for (int n : new int[] {300, 3000, 20_000}) {
            byte[] block = new byte[n];
            random.nextBytes(block);
            byte[] twice = new byte[2 * n];
            System.arraycopy(block, 0, twice, 0, n);
            System.arraycopy(block, 0, twice, n, n);
            for (byte[] m : new byte[][] {twice, block, block}) {
                ws.sendBinary(m);
                assertThat(ClientConversation.bytes((ByteBuffer) r.message())).isEqualTo(m);
            }
        }
        ws.close();
        assertThat(r.close()).startsWith("1000");
    }

    @Test
    void pythonWebsocketsCompressesByDefaultBothWays() throws Exception {
        BlockingQueue<String> negotiated = new LinkedBlockingQueue<>();
        WebSocketListener conversation = dev.weft.testing.Listeners.echoRecordingCloses(null);
        WebSocketListener recording = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                negotiated.add(ws.extensions().isEmpty() ? "(none)" : ws.extensions().get(0).name());
            }

            @Override
            public void onText(WebSocket ws, String text) {
                conversation.onText(ws, text);
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                conversation.onBinary(ws, data);
            }
        };
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .extensions(PerMessageDeflate.defaults()).fallbackEndpoint(dev.weft.server.Endpoint.of(recording))
                .endpoint("/chat", dev.weft.server.Endpoint.of(recording).withSubprotocols("chat.v1"))
                .endpoint("/reject", dev.weft.server.Endpoint.of(recording).withInterceptor(
                        dev.weft.server.HandshakeInterceptor.of(q -> dev.weft.server.UpgradeDecision.reject(403))))
                .build().start();
             PeerProcess py = PeerProcess.start("/usr/bin/python3", "py_client.py", "ws://127.0.0.1:" + server.port())) {
            assertThat(py.await(180)).as(py.output()).isZero();
            assertThat(negotiated.poll(5, TimeUnit.SECONDS)).isEqualTo("permessage-deflate");
        }
        try (PeerProcess py = PeerProcess.start("/usr/bin/python3", "py_server.py");
             WebSocketClient client = WebSocketClient.create()) {
            String port = py.awaitLine(l -> l.startsWith("listening "), 20).substring("listening ".length());
            ClientConversation.Recorder r = new ClientConversation.Recorder();
            WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + port + "/echo"), r).get(10, TimeUnit.SECONDS);
            assertThat(ws.extensions()).extracting(e -> e.name()).containsExactly("permessage-deflate");
            roundTrips(ws, r);
        }
    }

    /** python3-websockets held to 10-bit windows both ways: its zlib inflates with exactly that window. */
    @Test
    void pythonWebsocketsWithTenBitWindowsBothWays() throws Exception {
        try (PeerProcess py = PeerProcess.start("/usr/bin/python3", "py_server.py", "10");
             WebSocketClient client = WebSocketClient.create()) {
            ClientConversation.Recorder r = new ClientConversation.Recorder();
            WebSocket ws = connectCompressing(client, py, r);
            assertThat(dev.weft.protocol.handshake.ExtensionHeader.format(ws.extensions()))
                    .isEqualTo("permessage-deflate; server_max_window_bits=10; client_max_window_bits=10");
            roundTrips(ws, r);
        }
    }

    @Test
    void chromiumCompressesAgainstWeftServeDeflate() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path jar = Path.of(System.getProperty("user.dir")).resolveSibling("weft-cli").resolve("target").resolve("weft.jar");
        try (PeerProcess serve = PeerProcess.start(java, "-jar", jar.toString(), "serve", "--port", "0", "--deflate")) {
            String line = serve.awaitLine(l -> l.startsWith("weft serve: listening on ws://"), 30);
            String hostPort = line.substring("weft serve: listening on ws://".length()).split(" ")[0];
            try (PeerProcess chromium = Chromium.open("http://" + hostPort + "/?selftest")) {
                String verdict = serve.awaitLine(l -> l.startsWith("weft serve: page selftest"), 90);
                assertThat(verdict).as("chromium output:%n%s", chromium.output()).contains("selftest ok+");
                // The room's messages (over 1 KiB, so compressed) went compressed once to both sockets.
                assertThat(URLDecoder.decode(verdict, StandardCharsets.UTF_8))
                        .contains("room: 5 messages of 1", "reached both sockets, extensions=permessage-deflate");
                assertThat(serve.output()).contains("open  /echo").contains("extensions=permessage-deflate");
            }
        }
    }

    /**
     * A server that echoes each text message and then publishes it, reversed and prefixed
     * "news:", to the topic every connection is on: each subscriber gets, in turn, a message of
     * its own (compressed with its context) and a published one (compressed once for all).
     */
    private static WebSocketServer echoThenPublish() throws Exception {
        WebSocketServer[] server = new WebSocketServer[1];
        server[0] = WebSocketServer.builder().host("127.0.0.1").port(0)
                .extensions(PerMessageDeflate.builder().threshold(0).build())
                .endpoint("/", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        ws.subscribe("news");
                    }

                    @Override
                    public void onText(WebSocket ws, String text) {
                        ws.sendText(text);
                        server[0].publish("news", "news:" + new StringBuilder(text).reverse());
                    }
                }).build().start();
        return server[0];
    }

    /**
     * ws keeps one inflater for the connection (context takeover, its default) or a fresh one
     * per message: either way each published message, compressed once from a fresh context, and
     * each echo, compressed with the connection's context started afresh after the publish, must
     * inflate to the right text. The bytes ws read show the published messages went compressed.
     */
    @ParameterizedTest(name = "ws subscriber {0}")
    @ValueSource(strings = {"default", "serverWindow10", "windows9", "noContextTakeover"})
    void npmWsSubscriberInflatesMessagesPublishedBetweenItsOwn(String variant) throws Exception {
        try (WebSocketServer server = echoThenPublish();
             PeerProcess node = PeerProcess.start("node", "deflate.js", "subscriber",
                     "ws://127.0.0.1:" + server.port() + "/", variant)) {
            assertThat(node.await(60)).as(node.output()).isZero();
            String[] ok = node.awaitPrinted(l -> l.startsWith("ok subscriber "), 1).split(" ");
            long wire = Long.parseLong(ok[2]);
            long plain = Long.parseLong(ok[3]);
            System.out.printf("ws subscriber %s: %d bytes on the wire for %d bytes of messages%n", variant, wire, plain);
            assertThat(wire).as("echoes and published messages compressed (half the bytes are published ones)")
                    .isLessThan(plain / 4);
        }
    }

    /** python3-websockets keeps its context by default: published messages between its own inflate right. */
    @Test
    void pythonWebsocketsSubscriberInflatesMessagesPublishedBetweenItsOwn() throws Exception {
        try (WebSocketServer server = echoThenPublish();
             PeerProcess py = PeerProcess.start("/usr/bin/python3", "py_subscriber.py", "ws://127.0.0.1:" + server.port() + "/")) {
            assertThat(py.await(60)).as(py.output()).isZero();
            assertThat(py.output()).contains("negotiated permessage-deflate", "ok subscriber");
            assertThat(py.output()).doesNotContain("server_no_context_takeover");
        }
    }
}
