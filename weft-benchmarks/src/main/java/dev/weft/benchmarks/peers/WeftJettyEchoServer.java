package dev.weft.benchmarks.peers;

import dev.weft.servlet.WebSocketServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/** weft's echo inside Jetty 12.1 (ee10) through weft-servlet, on Jetty's port. Keeps the contract in {@link ServerArgs} (no broadcast). */
public final class WeftJettyEchoServer {
    private WeftJettyEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        ServerArgs options = ServerArgs.parse(args);
        Server jetty = JettySetup.jetty(options.port());
        ServletContextHandler context = JettySetup.rootContext();
        context.addServlet(new ServletHolder(new WebSocketServlet(WeftEchoServer.withoutPort(options))), "/*");
        JettySetup.startAndAnnounce(jetty, context);
    }
}
