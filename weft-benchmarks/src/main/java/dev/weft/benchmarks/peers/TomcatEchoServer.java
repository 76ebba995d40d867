package dev.weft.benchmarks.peers;

import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * Tomcat 11's own Jakarta WebSocket implementation ({@code tomcat-embed-websocket}) serving
 * {@link JakartaEcho} at {@code /echo}; permessage-deflate is Tomcat's default when a client
 * offers it. Keeps the contract in {@link ServerArgs} for the echo scenarios (no broadcast).
 */
public final class TomcatEchoServer {
    private TomcatEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        ServerArgs options = ServerArgs.parse(args);
        Tomcat tomcat = TomcatSetup.tomcat(options.port());
        Context context = TomcatSetup.rootContext(tomcat);
        context.addServletContainerInitializer(new WsSci(), null);
        // Tomcat's upgrade filter runs only for a request some servlet is mapped to.
        Tomcat.addServlet(context, "default", new org.apache.catalina.servlets.DefaultServlet());
        context.addServletMappingDecoded("/", "default");
        tomcat.start();
        // The endpoint is added once WsSci has made the container, before the first handshake.
        ServerContainer container = (ServerContainer) context.getServletContext().getAttribute(ServerContainer.class.getName());
        container.setDefaultMaxTextMessageBufferSize(JakartaEcho.MAX_MESSAGE);
        container.setDefaultMaxBinaryMessageBufferSize(JakartaEcho.MAX_MESSAGE);
        container.addEndpoint(ServerEndpointConfig.Builder.create(JakartaEcho.class, "/echo").build());
        TomcatSetup.announceAndAwait(tomcat);
    }
}
