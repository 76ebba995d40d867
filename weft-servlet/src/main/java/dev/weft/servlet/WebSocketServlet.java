package dev.weft.servlet;

import dev.weft.internal.transport.LogOnce;
import dev.weft.internal.transport.ServerAnswer;
import dev.weft.internal.transport.ServerInternals;
import dev.weft.internal.transport.ServerTransport;
import dev.weft.internal.transport.StreamLink;
import dev.weft.protocol.http.HttpFields;
import dev.weft.protocol.http.RequestHead;
import dev.weft.server.WebSocketServer;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Serves a {@link WebSocketServer}'s endpoints from a servlet container, on the container's port,
 * TLS and filters. Build the server as usual (endpoints, interceptors, subprotocols, extensions,
 * configuration), with no port of its own ({@code noPlainPort()}), start it, and map this
 * servlet to the endpoints' paths (endpoint paths are the full request paths, context path
 * included). Each request goes through weft's handshake rules and the endpoint's interceptor,
 * and gets weft's answer (101, or 400, 403, 404, 426, ...) through the container; an upgraded
 * connection then runs on the server's event loops over the container's non-blocking streams,
 * with no thread of its own and no container thread held.
 *
 * <p>An interceptor's decision is awaited on the container's request thread, for at most the
 * handshake timeout: the Servlet API does not define upgrading a request after
 * {@code startAsync()}. Legacy drafts (hixie-75/76) are not served through a container.
 *
 * <p>In Jetty 12 the connection is taken over through Jetty's own API rather than
 * {@code HttpServletRequest.upgrade()}, which Jetty 12.1 breaks for requests without a body (see
 * the README); everywhere else, through the Servlet API.
 */
public class WebSocketServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger("dev.weft.transport");
    /**
     * Fields the container writes itself on a plain answer. On a 101 every field is copied:
     * {@code Connection: Upgrade} is part of the handshake, and containers do not all add it.
     */
    private static final Set<String> CONTAINER_FIELDS = Set.of("content-length", "connection", "transfer-encoding");

    /** The server whose endpoints this servlet serves; a servlet is not serialized with it. */
    private final transient WebSocketServer server;

    /**
     * A servlet for {@code server}'s endpoints.
     *
     * @param server a started server, usually with no port of its own
     */
    public WebSocketServlet(WebSocketServer server) {
        this.server = server;
    }

    /**
     * Answers the opening handshake of one request, and upgrades it when weft accepts.
     *
     * @param request  the container's request
     * @param response the container's response
     * @throws IOException      if the answer cannot be written
     * @throws ServletException if the container cannot upgrade the connection
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        ServerTransport transport = ServerInternals.transportOf(server);
        RequestHead head = ContainerRequests.head(request);
        InetSocketAddress remote = ContainerRequests.remote(request);
        ServerAnswer answer;
        long timeout = transport.config().handshakeTimeout().toMillis();
        try {
            answer = transport.routes().route(head, remote, request.isSecure(), null,
                    ContainerRequests.context(request)).toCompletableFuture()
                    .get(timeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer = transport.routes().error(503, "no handshake decision within " + timeout + " ms");
        } catch (ExecutionException e) {
            LogOnce.SHARED.log(LOG, System.Logger.Level.WARNING, "handshake decision failed; answering 500", e.getCause());
            answer = transport.routes().error(500, "Internal Server Error");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = transport.routes().error(503, "interrupted");
        }
        if (answer.isUpgrade() && answer.legacyVersion() != 0) {
            answer = transport.routes().error(426, "legacy drafts are not served through a servlet container");
        }
        if (answer.stream() != null) {
            // The stream would need the container's async output for its life; weft's own server serves it.
            answer = transport.routes().error(501, "event streams are served by weft's own server, not through a servlet container");
        }
        response.setStatus(answer.response().status());
        copyFields(answer.response().fields(), response, answer.isUpgrade());
        if (!answer.isUpgrade()) {
            response.setContentLength(answer.body().length);
            response.getOutputStream().write(answer.body());
            return;
        }
        StreamLink.Addresses addresses = new StreamLink.Addresses(request.isSecure(), ContainerRequests.local(request), remote);
        ServletRequest jetty = JettyRequests.jettyRequest(request);
        if (jetty != null) {
            JettyUpgrades.upgradeOnceAnswered(jetty, transport, answer, addresses);
            return;
        }
        request.upgrade(WebSocketUpgradeHandler.class).prepare(transport, answer, addresses);
    }

    private static void copyFields(HttpFields fields, HttpServletResponse response, boolean upgrade) {
        for (HttpFields.Field f : fields.asList()) {
            if (upgrade || !CONTAINER_FIELDS.contains(f.name().toLowerCase(Locale.ROOT))) {
                response.addHeader(f.name(), f.value());
            }
        }
    }
}
