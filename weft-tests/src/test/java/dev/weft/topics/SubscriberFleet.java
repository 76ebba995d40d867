package dev.weft.topics;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The subscribers of {@link ManySubscribersTest}, in a JVM of their own (together with the
 * server's sockets they would pass what one process here may hold): {@code readers} weft clients
 * on {@code /feed?reads} that check every message arrives once and in order, and {@code stalled}
 * raw sockets on {@code /feed?stalls} with a 4 KiB receive buffer that complete the handshake
 * and never read again. Prints {@code open} once all are connected; on a line {@code report}
 * from stdin, prints {@code readers N complete, M messages, V out of order}.
 *
 * <p>Usage: {@code SubscriberFleet PORT READERS STALLED EXPECTED_MESSAGES}
 */
public final class SubscriberFleet {
    private SubscriberFleet() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int readers = Integer.parseInt(args[1]);
        int stalled = Integer.parseInt(args[2]);
        int expected = Integer.parseInt(args[3]);
        AtomicLong messages = new AtomicLong();
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger complete = new AtomicInteger();
        WebSocketListener reader = new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                int seq = Integer.parseInt(text.substring(1, text.indexOf(' ')));
                int[] next = ws.attachment();
                if (next == null) {
                    next = new int[1];
                    ws.attachment(next);
                }
                if (seq != next[0]) {
                    outOfOrder.incrementAndGet();
                }
                next[0] = seq + 1;
                messages.incrementAndGet();
                if (seq == expected - 1) {
                    complete.incrementAndGet();
                }
            }
        };
        List<SocketChannel> raw = new ArrayList<>();
        try (WebSocketClient client = WebSocketClient.create()) {
            Semaphore inFlight = new Semaphore(100);
            List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                inFlight.acquire();
                opening.add(client.connect(URI.create("ws://127.0.0.1:" + port + "/feed?reads"), reader)
                        .whenComplete((ws, e) -> inFlight.release()));
            }
            for (CompletableFuture<WebSocket> f : opening) {
                f.get(60, TimeUnit.SECONDS);
            }
            for (int i = 0; i < stalled; i++) {
                raw.add(stalledSubscriber(port));
            }
            System.out.println("open");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("report")) {
                    System.out.println("readers " + complete.get() + " complete, " + messages.get() + " messages, "
                            + outOfOrder.get() + " out of order");
                    System.out.flush();
                }
            }
        } finally {
            for (SocketChannel ch : raw) {
                ch.close();
            }
        }
    }

    /** Connects with a small receive buffer, upgrades, reads the 101 and never reads again. */
    private static SocketChannel stalledSubscriber(int port) throws Exception {
        SocketChannel ch = SocketChannel.open();
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        ch.connect(new InetSocketAddress("127.0.0.1", port));
        ch.write(ByteBuffer.wrap(("GET /feed?stalls HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer head = ByteBuffer.allocate(1);
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            head.clear();
            if (ch.read(head) < 0) {
                throw new IllegalStateException("closed during the handshake: " + sb);
            }
            sb.append((char) head.get(0));
        }
        if (!sb.toString().startsWith("HTTP/1.1 101")) {
            throw new IllegalStateException("upgrade refused: " + sb);
        }
        return ch;
    }
}
