package dev.weft.servlet.jetty;

import dev.weft.containers.ServletContainerContract;
import dev.weft.server.WebSocketServer;
import dev.weft.server.WebSocketServer;
import dev.weft.servlet.WebSocketServlet;
import dev.weft.servlet.testing.LoginFilter;
import dev.weft.servlet.testing.SelfTestServlet;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.util.EnumSet;

/** weft's servlet contract in an embedded Jetty 12.1 (ee10, Servlet 6.0), on a plain and a TLS connector. */
class JettyTest extends ServletContainerContract {
    private Server jetty;

    @Override
    protected Ports startContainer(ContainerSetup setup) throws Exception {
        jetty = new Server();
        ServerConnector plain = connector(new ServerConnector(jetty));
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(setup.keyStore().toString());
        tls.setKeyStorePassword(setup.keyStorePassword());
        tls.setKeyStoreType("PKCS12");
        HttpConfiguration https = new HttpConfiguration();
        https.addCustomizer(new SecureRequestCustomizer(false)); // the test certificate names localhost and 127.0.0.1
        ServerConnector secure = connector(new ServerConnector(jetty, tls, new HttpConnectionFactory(https)));

        WebSocketServer weft = setup.weft();
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(new LoginFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new WebSocketServlet(weft)), "/ws/*");
        context.addServlet(new ServletHolder(new WebSocketServlet(setup.timed())), "/timed/*");
        context.addServlet(new ServletHolder(new SelfTestServlet(setup.selfTestReports())), "/selftest/*");
        jetty.setHandler(context);
        jetty.start();
        return new Ports(plain.getLocalPort(), secure.getLocalPort());
    }

    /** On a free loopback port, with the contract's short idle timeout. */
    private ServerConnector connector(ServerConnector connector) {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(CONTAINER_IDLE_TIMEOUT.toMillis());
        jetty.addConnector(connector);
        return connector;
    }

    @Override
    protected void stopContainer() throws Exception {
        jetty.stop();
    }
}
