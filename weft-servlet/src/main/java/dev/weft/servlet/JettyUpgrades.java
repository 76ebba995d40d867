package dev.weft.servlet;

import dev.weft.internal.transport.ServerAnswer;
import dev.weft.internal.transport.ServerTransport;
import dev.weft.internal.transport.StreamLink;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;


/**
 * Upgrades a request in Jetty 12 the way Jetty's own WebSocket support does, not through
 * {@code HttpServletRequest.upgrade()}: the servlet answers 101, and once Jetty has sent it, Jetty
 * hands the connection's end point to a {@link JettyConnection} named in the request's
 * {@link HttpStream#UPGRADE_CONNECTION_ATTRIBUTE}.
 *
 * <p>Why not the Servlet API: Jetty 12.1 (ee10 and ee11, through 12.1.14 at least) parses the
 * end of a bodiless request (every WebSocket handshake is a GET without a body) before the
 * upgrade, and its upgraded input stream then reports that end for good: the read listener hears
 * {@code onAllDataRead} at once, nothing sent later reaches it, and Jetty parses the client's
 * first frame as a new HTTP request (400). Bytes that arrive with the request head happen to get
 * through, which is why a test that pipelines them passes. Jetty's end point also gives weft
 * byte buffers, where Servlet 6.0's streams take arrays.
 *
 * <p>Only loaded once {@link JettyRequests} has recognised Jetty's request.
 */
final class JettyUpgrades {
    private JettyUpgrades() {
    }

    /**
     * Arranges for Jetty to hand the connection to weft once the 101 answer, which the caller
     * sets on the response, is sent.
     *
     * @param jettyRequest Jetty's servlet request ({@code ServletApiRequest} of ee10 or ee11)
     */
    static void upgradeOnceAnswered(ServletRequest jettyRequest, ServerTransport transport, ServerAnswer answer,
                                    StreamLink.Addresses addresses)
            throws ServletException {
        Request core = Request.unWrap(coreRequest(jettyRequest));
        ConnectionMetaData connection = core.getConnectionMetaData();
        JettyConnection upgraded = new JettyConnection(connection.getConnection().getEndPoint(),
                connection.getConnector().getExecutor(), transport, answer, addresses);
        core.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, upgraded);
    }

    /** Jetty's core request behind its servlet request ({@code getRequest()} in ee10 and ee11 alike). */
    private static Request coreRequest(ServletRequest jettyRequest) throws ServletException {
        try {
            return (Request) jettyRequest.getClass().getMethod("getRequest").invoke(jettyRequest);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new ServletException("cannot reach Jetty's request behind " + jettyRequest.getClass().getName(), e);
        }
    }
}
