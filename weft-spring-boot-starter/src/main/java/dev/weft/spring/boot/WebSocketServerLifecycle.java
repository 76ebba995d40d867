package dev.weft.spring.boot;

import dev.weft.server.WebSocketServer;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the application's WebSockets while the servlet container still carries them: at
 * shutdown Spring stops the embedded web server before it destroys beans, and a WebSocket whose
 * socket the container dropped ends without a close handshake (1006 at the client). This
 * lifecycle has the default phase, the highest, so it stops first: every connection gets 1001
 * (going away) and a clean close, within the server's two seconds of grace.
 */
final class WebSocketServerLifecycle implements SmartLifecycle {
    private final WebSocketServer server;
    private volatile boolean running;

    WebSocketServerLifecycle(WebSocketServer server) {
        this.server = server;
    }

    @Override
    public void start() {
        running = true; // the server is started when it is made; it has no port to open
    }

    @Override
    public void stop() {
        running = false;
        server.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
