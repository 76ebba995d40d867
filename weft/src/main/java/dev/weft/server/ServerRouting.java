package dev.weft.server;

import dev.weft.protocol.handshake.HandshakeRejection;
import dev.weft.protocol.handshake.ServerHandshake;
import dev.weft.protocol.handshake.UpgradeRequest;
import dev.weft.protocol.http.HttpFields;
import dev.weft.protocol.http.RequestHead;
import dev.weft.protocol.http.ResponseHead;
import dev.weft.transport.ServerAnswer;
import dev.weft.transport.ServerRoutes;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The server's answers: which endpoint a path belongs to, the RFC 6455 §4.2.1 checks, the
 * endpoint's interceptor, and plain HTTP answers for everything else (426 on a WebSocket
 * path, 404 elsewhere, unless an {@link HttpHandler} answers).
 */
final class ServerRouting implements ServerRoutes {
    private final Map<String, Endpoint> endpoints;
    private final Endpoint fallback;
    private final HttpHandler httpHandler;

    ServerRouting(Map<String, Endpoint> endpoints, Endpoint fallback, HttpHandler httpHandler) {
        this.endpoints = Map.copyOf(endpoints);
        this.fallback = fallback;
        this.httpHandler = httpHandler;
    }

    private Endpoint endpointFor(String path) {
        Endpoint e = endpoints.get(path);
        return e != null ? e : fallback;
    }

    @Override
    public CompletionStage<ServerAnswer> route(RequestHead head, InetSocketAddress remote) {
        Endpoint endpoint = endpointFor(head.path());
        if (!ServerHandshake.isUpgradeRequest(head)) {
            HttpResponse r = httpHandler == null ? null : httpHandler.handle(head, remote);
            if (r != null) {
                return done(plain(r.status(), r.headers(), r.body()));
            }
            if (endpoint == null) {
                return done(error(404, "Not Found"));
            }
            return done(plain(426, HttpFields.builder().add("Upgrade", "websocket")
                            .add("Sec-WebSocket-Version", ServerHandshake.SUPPORTED_VERSIONS).build(),
                    "This is a WebSocket endpoint: connect with a WebSocket client.\n".getBytes(StandardCharsets.UTF_8)));
        }
        if (endpoint == null) {
            return done(error(404, "No WebSocket endpoint at " + head.path()));
        }
        UpgradeRequest upgrade;
        try {
            upgrade = ServerHandshake.validate(head);
        } catch (HandshakeRejection e) {
            return done(plain(e.status(), e.headers(), (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        HandshakeRequest request = new HandshakeRequest(upgrade, remote);
        return endpoint.interceptor().intercept(request).thenApply(d -> decide(endpoint, request, d));
    }

    private static ServerAnswer decide(Endpoint endpoint, HandshakeRequest request, UpgradeDecision d) {
        if (!d.isAccepted()) {
            return plain(d.status(), d.headers(), d.body());
        }
        String subprotocol = d.subprotocol() != null ? d.subprotocol() : choose(endpoint.subprotocols(), request.subprotocols());
        ResponseHead response = ServerHandshake.accept(request.upgrade(), subprotocol, List.of(), d.headers());
        return ServerAnswer.upgrade(response, endpoint.listener(), request.head(), subprotocol, List.of(), d.attachment());
    }

    /** The first subprotocol the client offered that the endpoint speaks, or {@code null}. */
    private static String choose(List<String> supported, List<String> offered) {
        for (String p : offered) {
            if (supported.contains(p)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public ServerAnswer error(int status, String message) {
        return plain(status, HttpFields.empty(), (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static ServerAnswer plain(int status, HttpFields headers, byte[] body) {
        HttpFields.Builder f = HttpFields.builder().addAll(headers);
        if (!f.contains("Content-Type")) {
            f.add("Content-Type", "text/plain; charset=utf-8");
        }
        f.add("Content-Length", Integer.toString(body.length)).add("Connection", "close");
        return ServerAnswer.respond(ResponseHead.of(status, f.build()), body);
    }

    private static CompletableFuture<ServerAnswer> done(ServerAnswer a) {
        return CompletableFuture.completedFuture(a);
    }
}
