package dev.weft.benchmarks.peers;

import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketListener;
import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.server.Endpoint;
import dev.weft.server.WebSocketServer;

import java.nio.ByteBuffer;

/**
 * weft's echo server for the comparison, on one event loop. Besides the shared contract (see
 * {@link ServerArgs}) it serves {@code /broadcast-loop}, which broadcasts with a loop of
 * individual sends, so the benchmark can show what {@link WebSocketServer#broadcast} (one
 * frame encoded once and shared) is worth.
 */
public final class WeftEchoServer {
    private static volatile WebSocketServer server;

    private WeftEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        serve(ServerArgs.parse(args), PerMessageDeflate.defaults());
    }

    /** Serves as {@link #main} does, with {@code deflate} when asked for permessage-deflate. */
    static void serve(ServerArgs options, PerMessageDeflate deflate) throws Exception {
        serve(options, deflate, WebSocketConfig.defaults());
    }

    /** Serves as {@link #main} does, with {@code config} for every connection. */
    static void serve(ServerArgs options, PerMessageDeflate deflate, WebSocketConfig config) throws Exception {
        server = echo(options, deflate).config(config).host("127.0.0.1").port(options.port())
                .endpoint("/broadcast", Endpoint.of(new Broadcast()))
                .endpoint("/broadcast-loop", Endpoint.of(new LoopOfSends(() -> server, "/broadcast-loop")))
                .build().start();
        ServerArgs.announce(server.port());
        Thread.currentThread().join();
    }

    /**
     * The same echo with no port of its own, on one event loop, for a servlet container to serve
     * through weft-servlet.
     */
    static WebSocketServer withoutPort(ServerArgs options) throws java.io.IOException {
        return echo(options, PerMessageDeflate.defaults()).noPlainPort().build().start();
    }

    /** One event loop, echo on every path, permessage-deflate when asked for. */
    private static WebSocketServer.Builder echo(ServerArgs options, PerMessageDeflate deflate) {
        WebSocketServer.Builder builder = WebSocketServer.builder().loops(1).fallbackEndpoint(Endpoint.of(new Echo()));
        if (options.deflate()) {
            builder.extensions(deflate);
        }
        return builder;
    }

    /** Sends every message back: text as text, binary as binary. */
    public static final class Echo implements WebSocketListener {
        @Override
        public void onText(WebSocket ws, String text) {
            ws.sendText(text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            ws.sendBinary(data);
        }
    }

    /** One frame, encoded once, queued for every subscriber. */
    private static final class Broadcast implements WebSocketListener {
        @Override
        public void onText(WebSocket ws, String text) {
            server.broadcast(text, peer -> peer.path().equals("/broadcast"));
        }
    }

    /**
     * The naive way to send to everyone on one path: one send per connection, each encoding (and
     * compressing) its own frame.
     */
    static final class LoopOfSends implements WebSocketListener {
        private final java.util.function.Supplier<WebSocketServer> server;
        private final String path;

        LoopOfSends(java.util.function.Supplier<WebSocketServer> server, String path) {
            this.server = server;
            this.path = path;
        }

        @Override
        public void onText(WebSocket ws, String text) {
            for (WebSocket peer : server.get().connections()) {
                if (peer.path().equals(path)) {
                    peer.sendText(text);
                }
            }
        }
    }
}
