package dev.weft.topic;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.ConnectOptions;
import dev.weft.client.WebSocketClient;
import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.RawSocket;
import dev.weft.testing.XorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A published message is encoded once per shared encoder (compressed once for all who can share it). */
class SharedEncodingTest {
    private WebSocketServer server;
    private final WebSocketClient client = WebSocketClient.create();

    @AfterEach
    void stop() {
        client.close();
        if (server != null) {
            server.stop(Duration.ofMillis(500));
        }
    }

    private void start(dev.weft.protocol.extension.ServerExtensionFactory... extensions) throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(2).extensions(extensions)
                .endpoint("/", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        ws.subscribe("news");
                    }

                    @Override
                    public void onText(WebSocket ws, String text) {
                        ws.sendText(text); // a message of the connection's own, between the published ones
                    }
                }).build().start();
    }

    private Inbox subscriber(ConnectOptions options) throws Exception {
        Inbox in = new Inbox();
        client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"), options, in).get(5, TimeUnit.SECONDS);
        return in;
    }

    private void awaitSubscribers(int n) {
        await().atMost(Duration.ofSeconds(5)).until(() -> server.topicStats("news") != null
                && server.topicStats("news").subscribers() == n);
    }

    @Test
    void subscribersSharingAnEncoderGetOneEncodingAndTheRestThePlainFrame() throws Exception {
        XorExtension serverXor = new XorExtension(0);
        start(serverXor);
        List<Inbox> xor = new ArrayList<>();
        List<Inbox> plain = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            xor.add(subscriber(ConnectOptions.builder().extensions(new XorExtension(42)).build()));
            plain.add(subscriber(ConnectOptions.defaults()));
        }
        awaitSubscribers(12);
        for (int i = 0; i < 5; i++) {
            assertThat(server.publish("news", "message " + i).get(5, TimeUnit.SECONDS).queued()).isEqualTo(12);
        }
        for (int i = 0; i < 5; i++) {
            for (Inbox in : xor) {
                assertThat(in.nextMessage()).isEqualTo("message " + i);
            }
            for (Inbox in : plain) {
                assertThat(in.nextMessage()).isEqualTo("message " + i);
            }
        }
        assertThat(serverXor.sharedEncodes).as("one encoding per publish, not one per subscriber").hasValue(5);
        assertThat(serverXor.encoded).as("no connection encoded on its own").hasValue(0);
    }

    private static String json(int bytes) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; sb.length() < bytes - 80; i++) {
            sb.append("{\"id\":").append(i).append(",\"symbol\":\"WEFT\",\"price\":").append(100 + i % 7)
                    .append(".25,\"side\":\"").append(i % 2 == 0 ? "buy" : "sell").append("\"},");
        }
        return sb.append("{}]").toString();
    }

    @Test
    void deflateWithTheServerResettingItsContextIsCompressedOnceAndEverySubscriberInflatesIt() throws Exception {
        start(PerMessageDeflate.builder().serverNoContextTakeover(true).build());
        Inbox compressing = subscriber(ConnectOptions.builder().extensions(PerMessageDeflate.defaults()).build());
        Inbox plain = subscriber(ConnectOptions.defaults());
        try (RawSocket raw = new RawSocket(server.port())) {
            raw.write(RawSocket.upgrade("/").replace("\r\n\r\n", "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n"));
            assertThat(raw.readHead()).contains("permessage-deflate; server_no_context_takeover");
            awaitSubscribers(3);
            String message = json(4096);
            assertThat(server.publish("news", message).get(5, TimeUnit.SECONDS).queued()).isEqualTo(3);
            assertThat(compressing.nextMessage()).isEqualTo(message);
            assertThat(plain.nextMessage()).isEqualTo(message);

            // On the wire: one frame, RSV1 set, far smaller than the text, inflating to it alone.
            byte[] compressed = compressedFrame(raw);
            assertThat(compressed.length).isLessThan(message.length() / 4);
            Inflater inflater = new Inflater(true);
            try {
                assertThat(inflate(inflater, compressed)).isEqualTo(message);
            } finally {
                inflater.end();
            }
        }
    }

    /**
     * Browsers and ws keep their context (the default), so this is what most subscribers
     * negotiate. Each raw peer inflates everything with one inflater, as such a peer must: a
     * published message compressed from a fresh context, then the server's own echo compressed
     * with its context, and so on. Both peers get the very same compressed bytes for each publish
     * (compressed once), while their echoes, compressed with contexts of their own, differ.
     */
    @Test
    void subscribersKeepingTheirContextShareOneCompressionAndTheirOwnMessagesStayIntact() throws Exception {
        start(PerMessageDeflate.builder().threshold(0).build());
        Inbox weft = subscriber(ConnectOptions.builder().extensions(PerMessageDeflate.defaults()).build());
        try (RawSocket a = compressingPeer(); RawSocket b = compressingPeer()) {
            awaitSubscribers(3);
            Inflater atA = new Inflater(true);
            Inflater atB = new Inflater(true);
            try {
                for (int i = 0; i < 10; i++) {
                    String ownA = "{\"seq\":" + i + ",\"from\":\"a\",\"text\":\"the same words, again and again\"}";
                    String ownB = "{\"seq\":" + i + ",\"from\":\"b\",\"note\":\"other words, " + "b".repeat(i) + "\"}";
                    a.writeClientFrame(1, ownA.getBytes(StandardCharsets.UTF_8));
                    b.writeClientFrame(1, ownB.getBytes(StandardCharsets.UTF_8));
                    assertThat(inflate(atA, compressedFrame(a))).isEqualTo(ownA);
                    assertThat(inflate(atB, compressedFrame(b))).isEqualTo(ownB);

                    String published = i + json(2048 + 100 * i);
                    assertThat(server.publish("news", published).get(5, TimeUnit.SECONDS).queued()).isEqualTo(3);
                    byte[] toA = compressedFrame(a);
                    byte[] toB = compressedFrame(b);
                    assertThat(toA).as("compressed once for both").isEqualTo(toB);
                    assertThat(toA.length).isLessThan(published.length() / 4);
                    assertThat(inflate(atA, toA)).isEqualTo(published);
                    assertThat(inflate(atB, toB)).isEqualTo(published);
                    assertThat(weft.nextMessage()).isEqualTo(published);
                }
                String broadcast = json(4096);
                assertThat(server.broadcast(broadcast)).isEqualTo(3);
                byte[] toA = compressedFrame(a);
                assertThat(toA).as("a broadcast is compressed once too").isEqualTo(compressedFrame(b));
                assertThat(inflate(atA, toA)).isEqualTo(broadcast);
                assertThat(weft.nextMessage()).isEqualTo(broadcast);
                a.writeClientFrame(1, "and after it".getBytes(StandardCharsets.UTF_8));
                assertThat(inflate(atA, compressedFrame(a))).isEqualTo("and after it");
            } finally {
                atA.end();
                atB.end();
            }
        }
    }

    /** A raw client offering permessage-deflate as browsers do; the server keeps its context. */
    private RawSocket compressingPeer() throws Exception {
        RawSocket raw = new RawSocket(server.port());
        raw.write(RawSocket.upgrade("/").replace("\r\n\r\n", "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n"));
        assertThat(raw.readHead()).contains("Sec-WebSocket-Extensions: permessage-deflate\r\n");
        return raw;
    }

    /** The payload of the next frame, which must be a whole compressed text message. */
    private static byte[] compressedFrame(RawSocket raw) throws Exception {
        byte[] head = raw.read(2);
        assertThat(head[0] & 0xff).as("FIN, RSV1, text").isEqualTo(0xC1);
        int length = head[1] & 0x7f;
        if (length == 126) {
            byte[] ext = raw.read(2);
            length = ((ext[0] & 0xff) << 8) | (ext[1] & 0xff);
        }
        return raw.read(length);
    }

    /** Inflates one message with a peer's inflater, which keeps its window for the next. */
    private static String inflate(Inflater inflater, byte[] compressed) throws Exception {
        inflater.setInput(concat(compressed, new byte[] {0, 0, (byte) 0xff, (byte) 0xff}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!inflater.needsInput() && !inflater.finished()) {
            out.write(buf, 0, inflater.inflate(buf));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
