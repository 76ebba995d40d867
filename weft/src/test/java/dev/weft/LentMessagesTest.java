package dev.weft;

import dev.weft.client.WebSocketClient;
import dev.weft.server.Endpoint;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server lending binary messages ({@link WebSocketConfig.Builder#lendBinaryMessages}) and
 * sending them on: every echo arrives byte for byte, also when the echoes pile up in the send
 * queue while further messages are lent from the same pool, and when the listener sends parts
 * of a lent buffer (which must be copied, not queued by reference).
 */
class LentMessagesTest {
    private static final int[] SIZES = {100, 3000, 70_000, 200_000, 300_000};
    private WebSocketServer server;
    private WebSocketClient client;
    private final AtomicBoolean directSeen = new AtomicBoolean();
    private final AtomicBoolean heapSeenOnExecutor = new AtomicBoolean();

    @BeforeEach
    void start() throws Exception {
        WebSocketConfig lend = WebSocketConfig.builder().lendBinaryMessages(true).build();
        server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1).config(lend)
                .endpoint("/echo", new WebSocketListener() {
                    @Override
                    public void onBinary(WebSocket socket, ByteBuffer data) {
                        directSeen.compareAndSet(false, data.isDirect());
                        socket.sendBinary(data);
                    }
                })
                .endpoint("/parts", new WebSocketListener() {
                    @Override
                    public void onBinary(WebSocket socket, ByteBuffer data) {
                        int half = data.remaining() / 2;
                        socket.sendBinary(data.slice(0, half));
                        socket.sendFragment(MessageType.BINARY, data.slice(half, data.remaining() - half), false);
                        socket.sendFragment(MessageType.BINARY, data.duplicate(), true);
                    }
                })
                .endpoint("/executor", Endpoint.of(new WebSocketListener() {
                    @Override
                    public void onBinary(WebSocket socket, ByteBuffer data) {
                        heapSeenOnExecutor.set(!data.isDirect());
                        socket.sendBinary(data);
                    }
                }).withConfig(lend.toBuilder().executor(Executors.newSingleThreadExecutor()).build()))
                .build().start();
        client = WebSocketClient.create();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(Duration.ofSeconds(1));
    }

    private URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    private static byte[] bytes(int n, Random r) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] array(Object message) {
        ByteBuffer b = (ByteBuffer) message;
        byte[] got = new byte[b.remaining()];
        b.get(got);
        return got;
    }

    @Test
    void echoesOfLentMessagesStayIntactWhileTheyQueueBehindAClientThatDoesNotRead() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(uri("/echo"), inbox).get(5, TimeUnit.SECONDS);
        inbox.expect("open");
        ws.pauseReading();
        Random random = new Random(7);
        List<byte[]> sent = new ArrayList<>();
        // Until the server's queue holds over a megabyte of echoes it took over, while it goes on
        // lending new messages from the same pool; one message at a time, so that each is lent
        // while the echoes before it wait in the queue.
        for (int i = 0; !serverBacklogged(); i++) {
            byte[] message = bytes(SIZES[i % SIZES.length], random);
            sent.add(message);
            ws.sendBinary(message);
            await().atMost(Duration.ofSeconds(10)).until(() -> ws.bufferedAmount() == 0 || serverBacklogged());
        }
        ws.resumeReading();
        for (byte[] message : sent) {
            assertThat(array(inbox.nextMessage())).isEqualTo(message);
        }
        for (int i = 0; i < 20; i++) {
            byte[] message = bytes(SIZES[i % SIZES.length], random);
            ws.sendBinary(message);
            assertThat(array(inbox.nextMessage())).isEqualTo(message);
        }
        assertThat(sent.size()).as("messages lent while echoes waited").isGreaterThan(5);
        assertThat(directSeen).as("the listener was lent direct pool buffers").isTrue();
    }

    private boolean serverBacklogged() {
        return server.connections().stream().anyMatch(c -> c.bufferedAmount() > 1 << 20);
    }

    @Test
    void partsOfALentMessageSentOnAreCopiedAndArriveIntact() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(uri("/parts"), inbox).get(5, TimeUnit.SECONDS);
        inbox.expect("open");
        Random random = new Random(8);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] message = bytes(SIZES[i % SIZES.length], random);
            sent.add(message);
            ws.sendBinary(message);
        }
        for (byte[] message : sent) {
            int half = message.length / 2;
            assertThat(array(inbox.nextMessage())).isEqualTo(java.util.Arrays.copyOf(message, half));
            byte[] rest = java.util.Arrays.copyOfRange(message, half, message.length);
            byte[] whole = new byte[rest.length + message.length];
            System.arraycopy(rest, 0, whole, 0, rest.length);
            System.arraycopy(message, 0, whole, rest.length, message.length);
            assertThat(array(inbox.nextMessage())).isEqualTo(whole);
        }
    }

    @Test
    void listenersOnAnExecutorGetBuffersOfTheirOwn() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(uri("/executor"), inbox).get(5, TimeUnit.SECONDS);
        inbox.expect("open");
        byte[] message = bytes(70_000, new Random(9));
        ws.sendBinary(message);
        assertThat(array(inbox.nextMessage())).isEqualTo(message);
        assertThat(heapSeenOnExecutor).isTrue();
    }
}
