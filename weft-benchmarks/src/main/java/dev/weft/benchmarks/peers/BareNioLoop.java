package dev.weft.benchmarks.peers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The one-thread selector loop under the yardstick servers ({@link TrivialEchoServer},
 * {@link NioFloorServer}): listens on 127.0.0.1, prints "listening PORT", hands each accepted
 * channel and each readable key to the server, for ever.
 */
final class BareNioLoop {
    /** What a yardstick does with its connections. */
    interface Handler {
        /** A connection was accepted: configure and register it with {@code selector}. */
        void accepted(SocketChannel channel, Selector selector) throws IOException;

        /** A registered connection has bytes (or has ended). */
        void readable(SelectionKey key);
    }

    private BareNioLoop() {
    }

    /** Serves on {@code port} (0 for a free one) until the process ends. */
    static void run(int port, Handler handler) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        ServerArgs.announce(((InetSocketAddress) server.getLocalAddress()).getPort());
        // select(Consumer) hands each ready key over as epoll reports it, without the selected-key
        // set (a HashSet filled and cleared every turn): the least the JDK's selector costs.
        java.util.function.Consumer<SelectionKey> ready = key -> {
            if (key.isAcceptable()) {
                accept(server, selector, handler);
            } else if (key.isReadable()) {
                handler.readable(key);
            }
        };
        while (true) {
            selector.select(ready);
        }
    }

    private static void accept(ServerSocketChannel server, Selector selector, Handler handler) {
        try {
            SocketChannel ch = server.accept();
            if (ch != null) {
                ch.configureBlocking(false);
                handler.accepted(ch, selector);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The {@code Sec-WebSocket-Accept} value for a request's key (RFC 6455 §4.2.2). */
    static String acceptValue(String key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
