package dev.weft.benchmarks.peers;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;

import java.util.HashSet;
import java.util.Set;

/**
 * Vert.x 5's WebSocket echo server on one event loop, as its documentation writes one
 * ({@code webSocketHandler}, {@code write} of each received message; broadcast as a loop of
 * writes over the subscribers). Keeps the contract in {@link ServerArgs}.
 */
public final class VertxEchoServer {
    private VertxEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        ServerArgs options = ServerArgs.parse(args);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        HttpServerOptions http = new HttpServerOptions().setHost("127.0.0.1").setPort(options.port())
                .setTcpNoDelay(true).setMaxWebSocketFrameSize(64 << 20).setMaxWebSocketMessageSize(64 << 20)
                .setPerMessageWebSocketCompressionSupported(options.deflate())
                .setPerFrameWebSocketCompressionSupported(false);
        // Every handler runs on the one event loop, so a plain set is safe.
        Set<ServerWebSocket> subscribers = new HashSet<>();
        int port = vertx.createHttpServer(http).webSocketHandler(ws -> {
            if (ws.path().equals("/broadcast")) {
                subscribers.add(ws);
                ws.closeHandler(v -> subscribers.remove(ws));
                ws.textMessageHandler(text -> {
                    for (ServerWebSocket peer : subscribers) {
                        peer.writeTextMessage(text);
                    }
                });
            } else {
                ws.textMessageHandler(ws::writeTextMessage);
                ws.binaryMessageHandler(ws::writeBinaryMessage);
            }
        }).listen().await().actualPort();
        ServerArgs.announce(port);
    }
}
