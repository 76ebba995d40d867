package dev.weft.benchmarks.peers;

import dev.weft.WebSocket;
import dev.weft.cluster.redis.RedisClusterBus;
import dev.weft.WebSocketListener;
import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.server.Endpoint;
import dev.weft.server.WebSocketServer;

/**
 * weft's topics for the benchmark, on one event loop: {@code /topic} subscribes each connection
 * to one room and publishes every message it receives there; {@code /topic-loop} does the same
 * with a loop of individual sends, the way one would without topics; {@code /subscribe} takes a
 * comma-separated list of topics, subscribes the connection to them and answers {@code ok} (for
 * the memory per subscription). With {@code --deflate} the server imposes
 * {@code server_no_context_takeover}, so every compressing subscriber shares one compression
 * per published message; with {@code --redis URI} the room is shared with every node on that
 * Redis. Echo on every other path.
 */
public final class WeftTopicServer {
    private static final String ROOM = "room";
    private static volatile WebSocketServer server;

    private WeftTopicServer() {
    }

    public static void main(String[] args) throws Exception {
        ServerArgs options = ServerArgs.parse(args);
        WebSocketServer.Builder builder = WebSocketServer.builder().loops(1).host("127.0.0.1").port(options.port())
                .fallbackEndpoint(Endpoint.of(new WeftEchoServer.Echo()))
                .endpoint("/topic", Endpoint.of(new Publish()))
                // The same room kept by hand, as one would without topics.
                .endpoint("/topic-loop", Endpoint.of(new WeftEchoServer.LoopOfSends(() -> server, "/topic-loop")))
                .endpoint("/subscribe", Endpoint.of(new Subscribe()));
        if (options.deflate()) {
            builder.extensions(PerMessageDeflate.builder().serverNoContextTakeover(true).build());
        }
        if (options.redis() != null) {
            builder.cluster(RedisClusterBus.builder(options.redis()).build());
        }
        server = builder.build().start();
        ServerArgs.announce(server.port());
        Thread.currentThread().join();
    }

    /** Everyone on /topic is in the room; what one says is published to it. */
    private static final class Publish implements WebSocketListener {
        @Override
        public void onOpen(WebSocket ws) {
            ws.subscribe(ROOM);
        }

        @Override
        public void onText(WebSocket ws, String text) {
            server.publish(ROOM, text);
        }
    }

    /** "a,b,c" subscribes the connection to a, b and c; "" to nothing; answers "ok" once done. */
    private static final class Subscribe implements WebSocketListener {
        @Override
        public void onText(WebSocket ws, String text) {
            if (!text.isEmpty()) {
                for (String topic : text.split(",")) {
                    ws.subscribe(topic);
                }
            }
            ws.sendText("ok");
        }
    }
}
