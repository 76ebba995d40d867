package dev.weft.interop;

import dev.weft.protocol.http.HeadLimits;
import dev.weft.server.WebSocketServer;
import dev.weft.protocol.http.HttpHeadParser;
import dev.weft.testing.Listeners;
import dev.weft.testing.RawSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ws's {@code noServer} + {@code handleUpgrade} in Java: an HTTP server of the test's own, on
 * plain NIO, serves ordinary requests itself and hands WebSocket upgrades, with every byte it
 * read, to a weft server that has no port of its own.
 */
class HandOverTest {
    private WebSocketServer weft;
    private TinyHttpServer http;

    @BeforeEach
    void start() throws IOException {
        weft = WebSocketServer.builder().noPlainPort().endpoint("/echo", Listeners.ECHO).build().start();
    }

    @AfterEach
    void stop() throws IOException {
        if (http != null) {
            http.close();
        }
        weft.stop(Duration.ofSeconds(1));
    }

    @Test
    void theJdkClientGetsPlainHttpFromTheOwnServerAndAWebSocketEchoFromWeft() throws Exception {
        http = new TinyHttpServer(weft, false);
        HttpClient jdk = HttpClient.newHttpClient();
        HttpResponse<String> page = jdk.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).isEqualTo("hello from the application's own server");

        CompletableFuture<String> echo = new CompletableFuture<>();
        WebSocket ws = jdk.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + http.port() + "/echo"),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        echo.complete(data.toString());
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
        ws.sendText("handed over", true);
        assertThat(echo.get(5, TimeUnit.SECONDS)).isEqualTo("handed over");
        ws.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
        assertThat(http.handedOver).isEqualTo(1);
    }

    @Test
    void aFrameSentRightBehindTheRequestHeadIsNotLost() throws Exception {
        for (boolean parsed : new boolean[] {false, true}) {
            http = new TinyHttpServer(weft, parsed);
            try (RawSocket raw = new RawSocket(http.port())) {
                byte[] head = RawSocket.upgrade("/echo").getBytes(StandardCharsets.ISO_8859_1);
                byte[] frame = {(byte) 0x81, (byte) 0x89, 0, 0, 0, 0, 'p', 'i', 'p', 'e', 'l', 'i', 'n', 'e', 'd'};
                byte[] both = new byte[head.length + frame.length];
                System.arraycopy(head, 0, both, 0, head.length);
                System.arraycopy(frame, 0, both, head.length, frame.length);
                raw.write(both); // one write: the NIO server reads the frame with the head
                assertThat(raw.readHead()).startsWith("HTTP/1.1 101 ");
                assertThat(new String(raw.readServerFrame(), 1, 9, StandardCharsets.UTF_8))
                        .as(parsed ? "handed over as a parsed head" : "handed over as bytes").isEqualTo("pipelined");
            }
            http.close();
        }
    }

    @Test
    void aBadUpgradeGetsWeftsAnswer() throws Exception {
        http = new TinyHttpServer(weft, false);
        try (RawSocket raw = new RawSocket(http.port())) {
            raw.write(RawSocket.upgrade("/echo").replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 9"));
            String answer = new String(raw.readToEnd(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 426 ").contains("Sec-WebSocket-Version: 13");
        }
        try (RawSocket raw = new RawSocket(http.port())) {
            raw.write(RawSocket.upgrade("/nowhere"));
            assertThat(new String(raw.readToEnd(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 404 ");
        }
    }

    /**
     * The application's own HTTP server, as small as it can be: one selector thread, reads a
     * head, answers plain requests itself and hands upgrades to weft (as bytes, or parsed with
     * weft's HTTP head parser and handed over as a head plus what followed it).
     */
    private static final class TinyHttpServer implements AutoCloseable {
        private final ServerSocketChannel listening;
        private final Selector selector;
        private final Thread thread;
        private final WebSocketServer weft;
        private final boolean parse;
        volatile int handedOver;

        TinyHttpServer(WebSocketServer weft, boolean parse) throws IOException {
            this.weft = weft;
            this.parse = parse;
            this.selector = Selector.open();
            this.listening = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            listening.configureBlocking(false);
            listening.register(selector, SelectionKey.OP_ACCEPT);
            this.thread = new Thread(this::run, "tiny-http");
            thread.setDaemon(true);
            thread.start();
        }

        int port() throws IOException {
            return ((InetSocketAddress) listening.getLocalAddress()).getPort();
        }

        private void run() {
            try {
                while (selector.isOpen()) {
                    selector.select();
                    if (!selector.isOpen()) {
                        return;
                    }
                    // A copy: handing over calls selectNow(), which adds to the selected set.
                    java.util.List<SelectionKey> ready = new java.util.ArrayList<>(selector.selectedKeys());
                    selector.selectedKeys().clear();
                    for (SelectionKey key : ready) {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isAcceptable()) {
                            SocketChannel ch = listening.accept();
                            if (ch != null) {
                                ch.configureBlocking(false);
                                ch.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(16384));
                            }
                        } else if (key.isReadable()) {
                            read(key);
                        }
                    }
                }
            } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                // closed
            }
        }

        private void read(SelectionKey key) throws IOException {
            SocketChannel ch = (SocketChannel) key.channel();
            ByteBuffer buf = (ByteBuffer) key.attachment();
            if (ch.read(buf) < 0) {
                key.cancel();
                ch.close();
                return;
            }
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            if (text.substring(0, end).toLowerCase(Locale.ROOT).contains("\r\nupgrade: websocket")) {
                // in your selector loop, once a request head is read into `buf` and it asks to upgrade:
                key.cancel();
                selector.selectNow(); // the key is gone from this selector before weft registers the channel
                buf.flip();
                handedOver++;
                if (parse) {
                    HttpHeadParser parser = HttpHeadParser.forRequest(HeadLimits.DEFAULTS);
                    try {
                        assertThat(parser.feed(buf)).isTrue();
                    } catch (dev.weft.protocol.http.HttpParseException e) {
                        throw new IOException(e);
                    }
                    weft.handOver(ch, parser.request(), buf);
                } else {
                    weft.handOver(ch, buf);
                }
                return;
            }
            byte[] body = "hello from the application's own server".getBytes(StandardCharsets.UTF_8);
            ch.write(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
            ch.write(ByteBuffer.wrap(body));
            key.cancel();
            ch.close();
        }

        @Override
        public void close() throws IOException {
            selector.close();
            listening.close();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
