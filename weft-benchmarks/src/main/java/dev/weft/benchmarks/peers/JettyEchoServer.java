package dev.weft.benchmarks.peers;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jetty 12's WebSocket echo server with its core handlers (no servlets), as its documentation
 * writes one: an auto-demanding {@link Session.Listener} that sends each message back; broadcast
 * as a loop of sends over the subscribers. permessage-deflate is Jetty's default and is declined
 * unless asked for. Keeps the contract in {@link ServerArgs}.
 */
public final class JettyEchoServer {
    private JettyEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        ServerArgs options = ServerArgs.parse(args);
        Set<Session> subscribers = ConcurrentHashMap.newKeySet();
        Server server = new Server(new QueuedThreadPool(16, 4));
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(options.port());
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(64 << 20);
            container.setMaxBinaryMessageSize(64 << 20);
            container.addMapping("/broadcast", (request, response, callback) -> {
                negotiate(response, options);
                return new Subscriber(subscribers);
            });
            container.addMapping("/*", (request, response, callback) -> {
                negotiate(response, options);
                return new Echo();
            });
        }));
        server.start();
        ServerArgs.announce(connector.getLocalPort());
        server.join();
    }

    /** Declines every extension offered unless compression was asked for. */
    private static void negotiate(ServerUpgradeResponse response, ServerArgs options) {
        if (!options.deflate()) {
            response.setExtensions(List.of());
        }
    }

    /** Sends every message back. */
    public static class Echo implements Session.Listener.AutoDemanding {
        /** The connection, once open. */
        protected Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketText(String message) {
            session.sendText(message, Callback.NOOP);
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            session.sendBinary(payload, callback);
        }
    }

    /** Sends every message to every subscriber. */
    public static final class Subscriber extends Echo {
        private final Set<Session> subscribers;

        Subscriber(Set<Session> subscribers) {
            this.subscribers = subscribers;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            subscribers.add(session);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            subscribers.remove(session);
        }

        @Override
        public void onWebSocketText(String message) {
            for (Session peer : subscribers) {
                peer.sendText(message, Callback.NOOP);
            }
        }
    }
}
