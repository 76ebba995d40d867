package dev.weft.benchmarks.peers;

import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.extensions.permessage_deflate.PerMessageDeflateExtension;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TooTallNate's Java-WebSocket echo server with one decoder thread, as its examples write one
 * ({@code onMessage} sends back; broadcast with its own {@code broadcast(text, clients)}).
 * Keeps the contract in {@link ServerArgs}.
 */
public final class JavaWebSocketEchoServer extends WebSocketServer {
    private final Set<WebSocket> subscribers = ConcurrentHashMap.newKeySet();

    private JavaWebSocketEchoServer(ServerArgs options) {
        super(new InetSocketAddress("127.0.0.1", options.port()), 1, List.<Draft>of(options.deflate()
                ? new Draft_6455(new PerMessageDeflateExtension()) : new Draft_6455()));
        setTcpNoDelay(true);
        setReuseAddr(true);
        // Its default listen backlog is the JDK's 50; the others listen with 128 to 1024, and a
        // burst of connects overflowing 50 turns into SYN retries and handshake timeouts.
        setMaxPendingConnections(1024);
    }

    public static void main(String[] args) {
        new JavaWebSocketEchoServer(ServerArgs.parse(args)).start();
    }

    @Override
    public void onStart() {
        ServerArgs.announce(getPort());
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        if (handshake.getResourceDescriptor().equals("/broadcast")) {
            subscribers.add(conn);
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        subscribers.remove(conn);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        if (subscribers.contains(conn)) {
            broadcast(message, subscribers);
        } else {
            conn.send(message);
        }
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        conn.send(message);
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            ex.printStackTrace();
        }
    }
}
