package dev.weft.benchmarks.peers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The JDK's own floor for an idle WebSocket connection: what any NIO server must hold for a
 * connection it keeps open and registered for reading (the {@code SocketChannel}, its addresses,
 * locks and file descriptor, its {@code SelectionKey}), and nothing else. One thread; it answers
 * the opening handshake with the least code there is (no validation), echoes each masked frame
 * unmasked, echoes a close frame and drops the connection. An idle connection has no attachment:
 * bytes of a request or frame cut across reads are the only thing kept, and only until the rest
 * arrives. Not a server to use: the yardstick for memory per idle connection. Prints
 * "listening PORT"; takes {@code [PORT]}.
 */
public final class NioFloorServer {
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    private final ByteBuffer out = ByteBuffer.allocate(128 * 1024);

    private NioFloorServer() {
    }

    public static void main(String[] args) throws Exception {
        new NioFloorServer().serve(ServerArgs.parse(args).port());
    }

    private void serve(int port) throws IOException {
        BareNioLoop.run(port, new BareNioLoop.Handler() {
            @Override
            public void accepted(SocketChannel ch, Selector selector) throws IOException {
                ch.register(selector, SelectionKey.OP_READ);
            }

            @Override
            public void readable(SelectionKey key) {
                try {
                    read(key);
                } catch (IOException e) {
                    drop(key);
                }
            }
        });
    }

    /** Reads what is there, after any bytes kept from the last read, and answers what is complete. */
    private void read(SelectionKey key) throws IOException {
        SocketChannel ch = (SocketChannel) key.channel();
        in.clear();
        if (key.attachment() instanceof byte[] kept) {
            in.put(kept);
        }
        if (ch.read(in) < 0) {
            drop(key);
            return;
        }
        in.flip();
        out.clear();
        boolean close = false;
        while (in.hasRemaining() && !close) {
            int consumed = in.get(in.position()) == 'G' ? upgrade() : echoFrame();
            if (consumed == 0) {
                break;
            }
            close = consumed < 0;
            in.position(in.position() + Math.abs(consumed));
        }
        key.attach(in.hasRemaining() && !close ? Arrays.copyOfRange(in.array(), in.position(), in.limit()) : null);
        out.flip();
        while (out.hasRemaining()) {
            if (ch.write(out) == 0) {
                Thread.onSpinWait(); // a yardstick: its replies are tiny
            }
        }
        if (close) {
            drop(key);
        }
    }

    /** Answers a whole opening handshake in {@code in}; returns its length, or 0 if it is not all there. */
    private int upgrade() {
        String head = new String(in.array(), in.position(), in.remaining(), StandardCharsets.ISO_8859_1);
        int end = head.indexOf("\r\n\r\n");
        if (end < 0) {
            return 0;
        }
        int k = head.indexOf("Sec-WebSocket-Key: ") + 19;
        String key = head.substring(k, head.indexOf("\r\n", k)).trim();
        out.put(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + BareNioLoop.acceptValue(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return end + 4;
    }

    /**
     * Echoes one whole masked frame in {@code in}, unmasked; returns its length (negated for a
     * close frame), or 0 if it is not all there.
     */
    private int echoFrame() {
        int p = in.position();
        if (in.remaining() < 2) {
            return 0;
        }
        int b0 = in.get(p) & 0xFF;
        int len = in.get(p + 1) & 0x7F;
        int header = 6;
        if (len == 126) {
            if (in.remaining() < 4) {
                return 0;
            }
            len = in.getShort(p + 2) & 0xFFFF;
            header = 8;
        } else if (len == 127) {
            throw new IllegalStateException("the floor server takes frames up to 64 KiB");
        }
        if (in.remaining() < header + len) {
            return 0;
        }
        out.put((byte) b0);
        if (len < 126) {
            out.put((byte) len);
        } else {
            out.put((byte) 126).putShort((short) len);
        }
        for (int i = 0; i < len; i++) {
            out.put((byte) (in.get(p + header + i) ^ in.get(p + header - 4 + (i & 3))));
        }
        int frame = header + len;
        return (b0 & 0x0F) == 8 ? -frame : frame;
    }

    private static void drop(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // a yardstick: the connection is gone either way
        }
    }
}
