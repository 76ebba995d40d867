package dev.weft.interop;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JDK's own client, {@code java.net.http.WebSocket}, against weft's server. */
class JdkClientTest {
    /** Assembles the JDK's partial messages and records closes. */
    static final class Collector implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
        final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.write(b, 0, b.length);
            if (last) {
                messages.add(binary.toByteArray());
                binary = new java.io.ByteArrayOutputStream();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            pongs.add(StandardCharsets.UTF_8.decode(message).toString());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closes.add(statusCode + " " + reason);
            return null;
        }

        Object message() throws InterruptedException {
            Object m = messages.poll(30, TimeUnit.SECONDS);
            assertThat(m).as("a message within 30 s").isNotNull();
            return m;
        }
    }

    @Test
    void jdkClientConversesWithWeftServer() throws Exception {
        try (InteropServer server = new InteropServer()) {
            HttpClient http = HttpClient.newHttpClient();
            Collector c = new Collector();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(server.url() + "/echo"), c).get(10, TimeUnit.SECONDS);
            Random random = new Random(3);
            for (int size : ClientConversation.SIZES) {
                String t = ClientConversation.text(size);
                ws.sendText(t, true).get(30, TimeUnit.SECONDS);
                assertThat(c.message()).as("text echo of %d bytes", size).isEqualTo(t);
                byte[] b = new byte[size];
                random.nextBytes(b);
                ws.sendBinary(ByteBuffer.wrap(b), true).get(30, TimeUnit.SECONDS);
                assertThat((byte[]) c.message()).as("binary echo of %d bytes", size).isEqualTo(b);
            }
            // The JDK client sends fragments when asked for partial messages.
            ws.sendText("frag", false).get();
            ws.sendText("mented", true).get();
            assertThat(c.message()).isEqualTo("fragmented");
            ws.sendPing(ByteBuffer.wrap("ping-123".getBytes(StandardCharsets.UTF_8))).get();
            assertThat(c.pongs.poll(10, TimeUnit.SECONDS)).isEqualTo("ping-123");
            ws.sendClose(4001, "bye").get(10, TimeUnit.SECONDS);
            assertThat(c.closes.poll(10, TimeUnit.SECONDS)).isEqualTo("4001 ");
            server.expectClose("4001 bye");

            Collector s = new Collector();
            WebSocket ws2 = http.newWebSocketBuilder().buildAsync(URI.create(server.url() + "/echo"), s).get(10, TimeUnit.SECONDS);
            ws2.sendText("please-close", true);
            assertThat(s.closes.poll(10, TimeUnit.SECONDS)).isEqualTo("4002 server bye");

            WebSocket chat = http.newWebSocketBuilder().subprotocols("x-unknown", "chat.v1")
                    .buildAsync(URI.create(server.url() + "/chat"), new Collector()).get(10, TimeUnit.SECONDS);
            assertThat(chat.getSubprotocol()).isEqualTo("chat.v1");
            chat.abort();

            assertThatThrownBy(() -> http.newWebSocketBuilder().buildAsync(URI.create(server.url() + "/reject"), new Collector())
                    .get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                            e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
        }
    }
}
