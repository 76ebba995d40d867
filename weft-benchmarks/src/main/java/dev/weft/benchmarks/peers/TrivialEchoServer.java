package dev.weft.benchmarks.peers;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The least a WebSocket server can do, to find the load generator's ceiling: one thread, a
 * fixed reply to any upgrade request (no validation), then for each complete masked frame an
 * unmasked copy written back (eight bytes at a time; to every {@code /broadcast} connection when
 * it came from one),
 * with no UTF-8 check, no limits, no fragmentation support; a close frame is echoed and the
 * connection dropped. Not a server to use: a yardstick. If a real server reaches the same rate
 * with the same load generator, the generator, not the server, is the limit.
 * Prints "listening PORT"; takes {@code [PORT]}.
 */
public final class TrivialEchoServer {
    private static final int OUT_CAPACITY = 1 << 20;
    private final List<SocketChannel> subscribers = new ArrayList<>();
    // Direct buffers in and out: the JDK copies a heap buffer into a temporary direct one on
    // every read and write, which a yardstick for the least a server can do must not pay.
    private final ByteBuffer out = ByteBuffer.allocateDirect(OUT_CAPACITY);

    private TrivialEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        new TrivialEchoServer().serve(ServerArgs.parse(args).port());
    }

    /** A connection's unread bytes and whether its upgrade was answered. */
    private static final class Conn {
        ByteBuffer in = ByteBuffer.allocateDirect(512);
        boolean upgraded;
        boolean subscriber;
    }

    private void serve(int port) throws IOException {
        BareNioLoop.run(port, new BareNioLoop.Handler() {
            @Override
            public void accepted(SocketChannel ch, Selector selector) throws IOException {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.register(selector, SelectionKey.OP_READ, new Conn());
            }

            @Override
            public void readable(SelectionKey key) {
                SocketChannel ch = (SocketChannel) key.channel();
                Conn c = (Conn) key.attachment();
                try {
                    read(ch, c, key);
                } catch (IOException e) {
                    try {
                        drop(ch, c, key); // a peer that reset its connection (a load generator exiting)
                    } catch (IOException ignored) {
                        // gone either way
                    }
                }
            }
        });
    }

    private void read(SocketChannel ch, Conn c, SelectionKey key) throws IOException {
        int n;
        try {
            n = ch.read(c.in);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            drop(ch, c, key);
            return;
        }
        c.in.flip();
        out.clear();
        if (!c.upgraded && !upgrade(ch, c)) {
            c.in.compact();
            return;
        }
        boolean close = false;
        while (!close && c.in.remaining() >= 2) {
            int p = c.in.position();
            int b0 = c.in.get(p) & 0xFF;
            int len = c.in.get(p + 1) & 0x7F;
            int header = 6;
            if (len == 126) {
                len = c.in.remaining() >= 4 ? c.in.getShort(p + 2) & 0xFFFF : Integer.MAX_VALUE;
                header = 8;
            } else if (len == 127) {
                len = c.in.remaining() >= 10 ? (int) c.in.getLong(p + 2) : Integer.MAX_VALUE;
                header = 14;
            }
            if (len != Integer.MAX_VALUE && header + len > c.in.capacity()) {
                ByteBuffer bigger = ByteBuffer.allocateDirect(header + len); // room for the whole frame
                bigger.put(c.in);
                c.in = bigger.flip();
                break;
            }
            if (len == Integer.MAX_VALUE || c.in.remaining() < header + len) {
                break;
            }
            if (out.remaining() < header + len) {
                flush(ch);
            }
            int frameStart = out.position();
            writeHeader(b0, len);
            unmask(c.in, p + header, len, c.in.getInt(p + header - 4));
            c.in.position(p + header + len);
            close = (b0 & 0x0F) == 8;
            if (c.subscriber && !close) {
                publish(frameStart);
            }
        }
        c.in.compact();
        flush(ch);
        if (close) {
            drop(ch, c, key);
        }
    }

    private boolean upgrade(SocketChannel ch, Conn c) {
        String head = StandardCharsets.ISO_8859_1.decode(c.in.duplicate()).toString();
        int end = head.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        int k = head.indexOf("Sec-WebSocket-Key: ") + 19;
        String accept = BareNioLoop.acceptValue(head.substring(k, head.indexOf("\r\n", k)));
        out.put(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        c.in.position(end + 4);
        c.upgraded = true;
        c.subscriber = head.startsWith("GET /broadcast ");
        if (c.subscriber) {
            subscribers.add(ch);
        }
        return true;
    }

    private void writeHeader(int b0, int len) {
        out.put((byte) b0);
        if (len < 126) {
            out.put((byte) len);
        } else if (len < 65536) {
            out.put((byte) 126).putShort((short) len);
        } else {
            out.put((byte) 127).putLong(len);
        }
    }

    /** Copies {@code len} bytes from {@code src} into {@code out}, unmasking eight at a time. */
    private void unmask(ByteBuffer src, int from, int len, int key) {
        int to = out.position();
        long key8 = (key & 0xFFFF_FFFFL) | ((long) key << 32);
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            out.putLong(to + i, src.getLong(from + i) ^ key8);
        }
        for (; i < len; i++) {
            out.put(to + i, (byte) (src.get(from + i) ^ (key >>> (24 - 8 * (i & 3)))));
        }
        out.position(to + len);
    }

    /** Sends the frame just unmasked into {@code out} (from {@code frameStart}) to every subscriber instead of back. */
    private void publish(int frameStart) throws IOException {
        ByteBuffer frame = out.duplicate().flip().position(frameStart);
        for (SocketChannel s : subscribers) {
            writeFully(s, frame.duplicate());
        }
        out.position(frameStart);
    }

    private void flush(SocketChannel ch) throws IOException {
        writeFully(ch, out.flip());
        out.clear();
    }

    private static void writeFully(SocketChannel ch, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            if (ch.write(bytes) == 0) {
                Thread.onSpinWait(); // a yardstick, not a server: it may spin on a full socket
            }
        }
    }

    private void drop(SocketChannel ch, Conn c, SelectionKey key) throws IOException {
        if (c.subscriber) {
            subscribers.remove(ch);
        }
        key.cancel();
        ch.close();
    }
}
