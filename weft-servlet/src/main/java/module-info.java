/**
 * weft inside a Jakarta Servlet 6 container: {@link dev.weft.servlet.WebSocketServlet} answers
 * the opening handshake with a {@code WebSocketServer}'s endpoints, rules and interceptors, and
 * runs each upgraded connection on weft's event loops over the container's non-blocking streams.
 */
module dev.weft.servlet {
    requires transitive dev.weft;
    requires jakarta.servlet;
    requires static org.jspecify;
    // Only inside Jetty, which provides them (see JettyUpgrades).
    requires static org.eclipse.jetty.server;
    requires static org.eclipse.jetty.io;
    requires static org.eclipse.jetty.util;

    exports dev.weft.servlet;
}
