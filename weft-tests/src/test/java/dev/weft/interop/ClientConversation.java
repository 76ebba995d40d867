package dev.weft.interop;

import dev.weft.MessageType;
import dev.weft.TlsConfig;
import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketConnectException;
import dev.weft.WebSocketListener;
import dev.weft.client.ConnectOptions;
import dev.weft.client.WebSocketClient;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * weft's client through the standard conversation with a peer server that echoes, closes with
 * 4002 "server bye" on "please-close", speaks chat.v1 and refuses /reject with 403.
 */
final class ClientConversation {
    static final int[] SIZES = {0, 1, 125, 126, 127, 65535, 65536, 1 << 20, 16 * 1024 * 1024};

    private ClientConversation() {
    }

    /** Records what arrives. */
    static final class Recorder implements WebSocketListener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
        final BlockingQueue<String> closes = new LinkedBlockingQueue<>();

        @Override
        public void onText(WebSocket ws, String text) {
            messages.add(text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            messages.add(data);
        }

        @Override
        public void onPong(WebSocket ws, ByteBuffer payload) {
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip();
            pongs.add(copy);
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason, boolean clean) {
            closes.add(code + " " + reason + (clean ? "" : " (unclean)"));
        }

        Object message() throws InterruptedException {
            Object m = messages.poll(30, TimeUnit.SECONDS);
            assertThat(m).as("a message within 30 s").isNotNull();
            return m;
        }

        String close() throws InterruptedException {
            String c = closes.poll(15, TimeUnit.SECONDS);
            assertThat(c).as("a close within 15 s").isNotNull();
            return c;
        }
    }

    static String text(int n) {
        String head = "é€😀";
        int headBytes = head.getBytes(StandardCharsets.UTF_8).length;
        return n >= headBytes ? head + "a".repeat(n - headBytes) : "a".repeat(n);
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    /** Runs the whole conversation against {@code base} (such as ws://127.0.0.1:1234). */
    static void run(String base, int version) throws Exception {
        run(base, version, TlsConfig.defaultClient());
    }

    /** The same, with these TLS settings for a wss:// base. */
    static void run(String base, int version, TlsConfig tls) throws Exception {
        ConnectOptions v = ConnectOptions.builder().version(version).tls(tls).build();
        Random random = new Random(17);
        try (WebSocketClient client = WebSocketClient.create(WebSocketConfig.builder().maxMessageSize(64 << 20).build());
             WebSocketClient fragmenting = WebSocketClient.create(WebSocketConfig.builder().fragmentSize(4096).build())) {
            Recorder r = new Recorder();
            WebSocket ws = client.connect(URI.create(base + "/echo"), v, r).get(10, TimeUnit.SECONDS);
            for (int size : SIZES) {
                String t = text(size);
                ws.sendText(t);
                assertThat(r.message()).as("text echo of %d bytes", size).isEqualTo(t);
                byte[] b = new byte[size];
                random.nextBytes(b);
                ws.sendBinary(b);
                assertThat(bytes((ByteBuffer) r.message())).as("binary echo of %d bytes", size).isEqualTo(b);
            }
            // Fragments weft sends one by one, and a ping between them.
            ws.sendFragment(MessageType.BINARY, ByteBuffer.wrap(new byte[] {1, 2}), false);
            ws.ping(ByteBuffer.wrap("between".getBytes(StandardCharsets.UTF_8)));
            ws.sendFragment(MessageType.BINARY, ByteBuffer.wrap(new byte[0]), false);
            ws.sendFragment(MessageType.BINARY, ByteBuffer.wrap(new byte[] {3}), true);
            assertThat(bytes((ByteBuffer) r.message())).containsExactly(1, 2, 3);
            assertThat(StandardCharsets.UTF_8.decode(r.pongs.poll(10, TimeUnit.SECONDS)).toString()).isEqualTo("between");
            ws.sendTextFragment("frag", false);
            ws.sendTextFragment("mented é", true);
            assertThat(r.message()).isEqualTo("fragmented é");
            ws.close(4001, "bye");
            // RFC 6455 §5.5.1: the answer "typically" echoes the code; ws and faye do, WebSocket-Node answers 1000.
            assertThat(r.close()).matches("(4001|1000) .*").doesNotContain("unclean");

            // A client that fragments everything it sends above 4 KiB.
            Recorder f = new Recorder();
            WebSocket fws = fragmenting.connect(URI.create(base + "/echo"), v, f).get(10, TimeUnit.SECONDS);
            String big = text(100_000);
            fws.sendText(big);
            assertThat(f.message()).isEqualTo(big);
            fws.close();
            assertThat(f.close()).startsWith("1000 ").doesNotContain("unclean");

            Recorder s = new Recorder();
            WebSocket sws = client.connect(URI.create(base + "/echo"), v, s).get(10, TimeUnit.SECONDS);
            sws.sendText("please-close");
            assertThat(s.close()).isEqualTo("4002 server bye");

            Recorder c = new Recorder();
            WebSocket chat = client.connect(URI.create(base + "/chat"),
                    ConnectOptions.builder().version(version).tls(tls).subprotocols("x-unknown", "chat.v1").build(), c)
                    .get(10, TimeUnit.SECONDS);
            assertThat(chat.subprotocol()).isEqualTo("chat.v1");
            chat.close();

            assertThatThrownBy(() -> client.connect(URI.create(base + "/reject"), v, new Recorder()).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(WebSocketConnectException.class, e -> {
                        assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.HANDSHAKE);
                        assertThat(e.status()).isEqualTo(403);
                    });
        }
    }
}
