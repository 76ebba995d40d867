package dev.weft.tck;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.server.Endpoint;
import dev.weft.server.WebSocketServer;
import dev.weft.client.WebSocketClient;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The real server the Reactive Streams TCK runs weft's Flow adapters against: {@code /count/N}
 * sends "0" … "N-1" at the pace the connection takes them and closes with 1000 (N of
 * {@code forever} never stops); {@code /fail} closes every connection with 4001 at once;
 * {@code /sink} takes anything and records it. It has its own client to connect to them.
 */
final class CountingServer implements AutoCloseable {
    final WebSocketServer server;
    final BlockingQueue<String> sunk = new LinkedBlockingQueue<>();
    private final WebSocketClient client = WebSocketClient.create();

    CountingServer() throws IOException {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1)
                .endpoint("/count/{n}", Endpoint.perConnection(request -> new Counter(
                        request.pathParameters().get("n").equals("forever") ? Long.MAX_VALUE
                                : Long.parseLong(request.pathParameters().get("n")))))
                .endpoint("/fail", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        ws.close(4001, "failing on purpose");
                    }
                })
                .endpoint("/sink", new WebSocketListener() {
                    @Override
                    public void onText(WebSocket ws, String text) {
                        sunk.add(text);
                    }
                })
                .build().start();
    }

    /** A client connection to {@code path} on this server, with {@code listener}; open when this returns. */
    WebSocket connect(String path, WebSocketListener listener) {
        String url = "ws://127.0.0.1:" + server.port() + path;
        try {
            return client.connect(URI.create(url), listener).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not connect to " + url, e);
        }
    }

    /** Sends its count while the connection is writable, and goes on when it is again. */
    private static final class Counter implements WebSocketListener {
        private final long total;
        private long sent;

        Counter(long total) {
            this.total = total;
        }

        @Override
        public void onOpen(WebSocket ws) {
            more(ws);
        }

        @Override
        public void onWritable(WebSocket ws) {
            more(ws);
        }

        private void more(WebSocket ws) {
            // A closing connection refuses sends without queuing them, so it stays "writable": stop there.
            while (sent < total && ws.isWritable() && ws.readyState() == dev.weft.ReadyState.OPEN) {
                ws.sendText(Long.toString(sent++));
            }
            if (sent == total) {
                sent++; // closed once
                ws.close(1000, "all sent");
            }
        }
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
