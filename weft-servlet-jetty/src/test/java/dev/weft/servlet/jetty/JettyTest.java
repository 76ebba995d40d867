package dev.weft.servlet.jetty;

import dev.weft.server.WebSocketServer;
import dev.weft.servlet.WebSocketServlet;
import dev.weft.servlet.testing.LoginFilter;
import dev.weft.containers.ServletContainerContract;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.util.EnumSet;

/** weft's servlet contract in an embedded Jetty 12.1 (ee10, Servlet 6.0). */
class JettyTest extends ServletContainerContract {
    private Server jetty;

    @Override
    protected int startContainer(WebSocketServer weft) throws Exception {
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(CONTAINER_IDLE_TIMEOUT.toMillis());
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new LoginFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new WebSocketServlet(weft)), "/ws/*");
        jetty.setHandler(context);
        jetty.start();
        return connector.getLocalPort();
    }

    @Override
    protected void stopContainer() throws Exception {
        jetty.stop();
    }
}
