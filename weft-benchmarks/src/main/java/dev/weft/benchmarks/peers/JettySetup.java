package dev.weft.benchmarks.peers;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The embedded Jetty 12.1 (ee10) that weft's servlet and Jetty's own Jakarta WebSocket
 * implementation are compared in, set up alike for both, with the thread pool and connector of
 * the core-handler {@link JettyEchoServer}. (Its own class, so that a Tomcat process never loads
 * a Jetty servlet type.)
 */
final class JettySetup {
    private JettySetup() {
    }

    /** A Jetty on 127.0.0.1:{@code port}, not yet started. */
    static Server jetty(int port) {
        Server server = new Server(new QueuedThreadPool(16, 4));
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        return server;
    }

    /** A servlet context at the root. */
    static ServletContextHandler rootContext() {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        return context;
    }

    /** Starts {@code jetty} with {@code context}, announces its port and serves until killed. */
    static void startAndAnnounce(Server jetty, ServletContextHandler context) throws Exception {
        jetty.setHandler(context);
        jetty.start();
        ServerArgs.announce(((ServerConnector) jetty.getConnectors()[0]).getLocalPort());
        jetty.join();
    }
}
