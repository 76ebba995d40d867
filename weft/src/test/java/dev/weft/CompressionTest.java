package dev.weft;

import dev.weft.client.ConnectOptions;
import dev.weft.client.WebSocketClient;
import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.RawSocket;
import dev.weft.testing.XorExtension;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Extensions over the network: permessage-deflate between weft's client and server, a user extension, no leaks. */
class CompressionTest {
    @Test
    void deflateIsNegotiatedAndMessagesRoundTrip() throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .extensions(PerMessageDeflate.defaults()).endpoint("/", ServerClientTest.ECHO).build().start();
             WebSocketClient client = WebSocketClient.create()) {
            Inbox inbox = new Inbox();
            WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"), inbox).get(5, TimeUnit.SECONDS);
            assertThat(ws.extensions()).extracting(e -> e.name()).containsExactly("permessage-deflate");
            String json = "{\"user\":\"weft\",\"items\":[1,2,3,4,5,6,7,8,9]}".repeat(1000);
            ws.sendText(json);
            assertThat(inbox.nextMessage()).isEqualTo(json);
            byte[] noise = new byte[300_000];
            new Random(1).nextBytes(noise);
            ws.sendBinary(noise);
            ByteBuffer got = (ByteBuffer) inbox.nextMessage();
            byte[] g = new byte[got.remaining()];
            got.get(g);
            assertThat(g).isEqualTo(noise);
            ws.sendText("tiny");
            assertThat(inbox.nextMessage()).isEqualTo("tiny");
        }
    }

    @Test
    void aServerWithoutExtensionsDeclinesTheClientsOffer() throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .endpoint("/", ServerClientTest.ECHO).build().start();
             WebSocketClient client = WebSocketClient.create()) {
            Inbox inbox = new Inbox();
            WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"), inbox).get(5, TimeUnit.SECONDS);
            assertThat(ws.handshakeRequest().fields().first("Sec-WebSocket-Extensions"))
                    .isEqualTo("permessage-deflate; client_max_window_bits");
            assertThat(ws.extensions()).isEmpty();
            ws.sendText("x".repeat(5000));
            assertThat(inbox.nextMessage()).isEqualTo("x".repeat(5000));
        }
    }

    @Test
    void aUserExtensionOnRsv2WorksBesideDeflate() throws Exception {
        XorExtension serverXor = new XorExtension(0);
        XorExtension clientXor = new XorExtension(0x5a);
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .extensions(PerMessageDeflate.defaults(), serverXor).endpoint("/", ServerClientTest.ECHO).build().start();
             WebSocketClient client = WebSocketClient.create()) {
            Inbox inbox = new Inbox();
            WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"),
                    ConnectOptions.builder().extensions(PerMessageDeflate.defaults(), clientXor).build(), inbox)
                    .get(5, TimeUnit.SECONDS);
            assertThat(ws.extensions()).extracting(e -> e.name()).containsExactly("permessage-deflate", "x-weft-xor");
            String text = "both extensions, in order: ".repeat(200);
            ws.sendText(text);
            assertThat(inbox.nextMessage()).isEqualTo(text);
            assertThat(clientXor.encoded.get()).isEqualTo(1);
            assertThat(clientXor.decoded.get()).isEqualTo(1);
            assertThat(serverXor.decoded.get()).isEqualTo(1);
        }
    }

    @Test
    void aRawFrameWithAnUnnegotiatedRsv2FailsWith1002() throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .extensions(PerMessageDeflate.defaults()).endpoint("/", ServerClientTest.ECHO).build().start();
             RawSocket raw = RawSocket.upgraded(server.port(), "/")) {
            raw.write(new byte[] {(byte) 0xa1, (byte) 0x81, 0, 0, 0, 0, 'x'});
            assertThat(raw.readToEnd()).containsExactly(0x88, 0x02, 0x03, 0xea);
        }
    }

    @Test
    void aThousandCompressedConnectionsLeaveNoZlibContextBehind() throws Exception {
        int before = PerMessageDeflate.liveZlibContexts();
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .extensions(PerMessageDeflate.defaults()).endpoint("/", ServerClientTest.ECHO).build().start();
             WebSocketClient client = WebSocketClient.create()) {
            URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/");
            String text = "compress me ".repeat(200);
            for (int wave = 0; wave < 4; wave++) {
                List<CompletableFuture<Void>> done = new ArrayList<>();
                for (int i = 0; i < 250; i++) {
                    CompletableFuture<Void> closed = new CompletableFuture<>();
                    done.add(closed);
                    client.connect(uri, new WebSocketListener() {
                        @Override
                        public void onOpen(WebSocket ws) {
                            ws.sendText(text);
                        }

                        @Override
                        public void onText(WebSocket ws, String t) {
                            // Half close politely, half drop the connection: contexts must go either way.
                            if (t.hashCode() % 2 == 0 || ws.hashCode() % 2 == 0) {
                                ws.close();
                            } else {
                                ws.terminate();
                            }
                        }

                        @Override
                        public void onClose(WebSocket ws, int code, String reason, boolean clean) {
                            closed.complete(null);
                        }
                    });
                }
                CompletableFuture.allOf(done.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((!server.connections().isEmpty() || PerMessageDeflate.liveZlibContexts() > before)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            server.stop(Duration.ofSeconds(1));
        }
        assertThat(PerMessageDeflate.liveZlibContexts()).isEqualTo(before);
    }
}
