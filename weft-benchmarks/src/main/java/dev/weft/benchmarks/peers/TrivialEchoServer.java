package dev.weft.benchmarks.peers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The least a WebSocket echo server can do, to find the load generator's ceiling: one thread,
 * a fixed reply to any upgrade request (no validation), then for each complete masked frame of
 * up to 125 bytes an unmasked copy written back, with no UTF-8 check, no limits and no close
 * handshake. Not a server to use: a yardstick. If a real server reaches the same rate with the
 * same load generator, the generator, not the server, is the limit. Prints "listening PORT".
 */
public final class TrivialEchoServer {
    private TrivialEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", args.length > 0 ? Integer.parseInt(args[0]) : 0));
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        System.out.println("listening " + ((InetSocketAddress) server.getLocalAddress()).getPort());
        System.out.flush();
        ByteBuffer out = ByteBuffer.allocate(1 << 20);
        while (true) {
            selector.select();
            for (SelectionKey key : selector.selectedKeys()) {
                if (key.isAcceptable()) {
                    SocketChannel ch = server.accept();
                    if (ch != null) {
                        ch.configureBlocking(false);
                        ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                        ch.register(selector, SelectionKey.OP_READ, new Conn());
                    }
                } else if (key.isReadable()) {
                    serve((SocketChannel) key.channel(), (Conn) key.attachment(), out, key);
                }
            }
            selector.selectedKeys().clear();
        }
    }

    /** A connection's unread bytes and whether its upgrade was answered. */
    private static final class Conn {
        final ByteBuffer in = ByteBuffer.allocate(1 << 16);
        boolean upgraded;
    }

    private static void serve(SocketChannel ch, Conn c, ByteBuffer out, SelectionKey key) throws IOException {
        int n;
        try {
            n = ch.read(c.in);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            key.cancel();
            ch.close();
            return;
        }
        c.in.flip();
        out.clear();
        if (!c.upgraded) {
            String head = StandardCharsets.ISO_8859_1.decode(c.in.duplicate()).toString();
            int end = head.indexOf("\r\n\r\n");
            if (end < 0) {
                c.in.compact();
                return;
            }
            int k = head.indexOf("Sec-WebSocket-Key: ") + 19;
            String accept = accept(head.substring(k, head.indexOf("\r\n", k)));
            out.put(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            c.in.position(end + 4);
            c.upgraded = true;
        }
        while (c.in.remaining() >= 6) {
            int p = c.in.position();
            int b0 = c.in.get(p) & 0xFF;
            int len = c.in.get(p + 1) & 0x7F;
            if (len > 125 || c.in.remaining() < 6 + len) {
                break;
            }
            out.put((byte) b0).put((byte) len);
            for (int i = 0; i < len; i++) {
                out.put((byte) (c.in.get(p + 6 + i) ^ c.in.get(p + 2 + (i & 3))));
            }
            c.in.position(p + 6 + len);
        }
        c.in.compact();
        out.flip();
        while (out.hasRemaining()) {
            if (ch.write(out) == 0) {
                Thread.onSpinWait(); // a yardstick, not a server: it may spin on a full socket
            }
        }
    }

    private static String accept(String key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
