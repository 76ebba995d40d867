package dev.weft.benchmarks.peers;

import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;

/**
 * Jetty 12.1's own Jakarta WebSocket implementation (ee10) serving {@link JakartaEcho} at
 * {@code /echo} in a servlet context: the servlet-world counterpart of weft inside Jetty (the
 * {@code jetty} row is Jetty's core-handler API). Keeps the contract in {@link ServerArgs} for
 * the echo scenarios (no broadcast).
 */
public final class JettyJakartaEchoServer {
    private JettyJakartaEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        ServerArgs options = ServerArgs.parse(args);
        Server jetty = JettySetup.jetty(options.port());
        ServletContextHandler context = JettySetup.rootContext();
        JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) -> {
            container.setDefaultMaxTextMessageBufferSize(JakartaEcho.MAX_MESSAGE);
            container.setDefaultMaxBinaryMessageBufferSize(JakartaEcho.MAX_MESSAGE);
            container.addEndpoint(ServerEndpointConfig.Builder.create(JakartaEcho.class, "/echo").build());
        });
        JettySetup.startAndAnnounce(jetty, context);
    }
}
