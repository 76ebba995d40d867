package dev.weft.server;

import dev.weft.protocol.extension.ExtensionNegotiation;
import dev.weft.protocol.extension.ServerExtensionFactory;
import dev.weft.protocol.handshake.HandshakeRejection;
import dev.weft.protocol.handshake.ServerHandshake;
import dev.weft.protocol.handshake.UpgradeRequest;
import dev.weft.protocol.http.HttpFields;
import dev.weft.protocol.http.RequestHead;
import dev.weft.protocol.http.ResponseHead;
import dev.weft.protocol.internal.legacy.LegacyHandshake;
import dev.weft.internal.transport.ContainerContext;
import dev.weft.internal.transport.EventStreamOpening;
import dev.weft.internal.transport.ServerAnswer;
import dev.weft.internal.transport.ServerRoutes;
import dev.weft.sse.EventStreamEndpoint;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntSupplier;

/**
 * The server's answers: the {@link Router}'s choice of endpoint, the RFC 6455 §4.2.1 checks,
 * the connection limit, the endpoint's interceptor, and plain HTTP answers for everything else
 * (426 on a WebSocket path, 404 elsewhere, unless an {@link HttpHandler} answers); a request
 * at an event-stream endpoint opens a {@code text/event-stream} response. When the
 * server speaks the legacy drafts, their requests take the same way with their own checks
 * and answer ({@link LegacyHandshake}); otherwise they get the 426 any versionless request gets.
 */
final class ServerRouting implements ServerRoutes {
    private final Router<Endpoint> router;
    private final Router<EventStreamEndpoint> eventStreams;
    private final HttpHandler httpHandler;
    private final TrustedProxies proxies;
    private final int maxConnections;
    private final IntSupplier openConnections;
    private final List<ServerExtensionFactory> extensions;
    private final boolean legacyDrafts;

    ServerRouting(Router<Endpoint> router, Router<EventStreamEndpoint> eventStreams, HttpHandler httpHandler, TrustedProxies proxies, int maxConnections,
                  IntSupplier openConnections, List<ServerExtensionFactory> extensions, boolean legacyDrafts) {
        this.extensions = List.copyOf(extensions);
        this.legacyDrafts = legacyDrafts;
        this.router = router;
        this.eventStreams = eventStreams;
        this.httpHandler = httpHandler;
        this.proxies = proxies;
        this.maxConnections = maxConnections;
        this.openConnections = openConnections;
    }

    @Override
    public boolean speaksLegacyDrafts() {
        return legacyDrafts;
    }

    @Override
    public CompletionStage<ServerAnswer> route(RequestHead head, InetSocketAddress remote, boolean secure,
                                              byte[] legacyKey3, ContainerContext container) {
        if (!ServerHandshake.isUpgradeRequest(head)) {
            Router.Match<EventStreamEndpoint> stream = eventStreams.route(head.path(), List.of());
            if (stream != null) {
                return eventStream(head, remote, secure, stream, container);
            }
            HttpResponse r = httpHandler == null ? null : httpHandler.handle(head, remote);
            if (r != null) {
                return done(plain(r.status(), r.headers(), r.body()));
            }
            if (!router.hasPath(head.path())) {
                return done(error(404, "Not Found"));
            }
            return done(plain(426, HttpFields.builder().add("Upgrade", "websocket")
                            .add("Sec-WebSocket-Version", ServerHandshake.SUPPORTED_VERSIONS).build(),
                    "This is a WebSocket endpoint: connect with a WebSocket client.\n".getBytes(StandardCharsets.UTF_8)));
        }
        UpgradeRequest upgrade;
        byte[] challengeAnswer = new byte[0];
        try {
            if (legacyDrafts && LegacyHandshake.isLegacyRequest(head)) {
                upgrade = LegacyHandshake.validate(head);
                if (upgrade.version() == 76) {
                    challengeAnswer = LegacyHandshake.challengeResponse(head, legacyKey3);
                }
            } else {
                upgrade = ServerHandshake.validate(head);
            }
        } catch (HandshakeRejection e) {
            return done(plain(e.status(), e.headers(), (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        Router.Match<Endpoint> match = router.route(head.path(), upgrade.subprotocols());
        if (match == null) {
            return done(error(404, router.hasPath(head.path())
                    ? "No endpoint at " + head.path() + " for the subprotocols offered" : "No WebSocket endpoint at " + head.path()));
        }
        if (openConnections.getAsInt() >= maxConnections) {
            return done(plain(503, HttpFields.builder().add("Retry-After", "5").build(),
                    "Too many connections\n".getBytes(StandardCharsets.UTF_8)));
        }
        HandshakeRequest request = new HandshakeRequest(upgrade, remote,
                proxies.clientAddress(remote.getAddress(), head.fields()), match.pathParameters(), secure, container);
        byte[] challenge = challengeAnswer;
        return match.endpoint().interceptor().intercept(request).thenApply(d -> decide(match, request, d, secure, challenge));
    }

    private ServerAnswer decide(Router.Match<Endpoint> match, HandshakeRequest request, UpgradeDecision d, boolean secure,
                                byte[] challengeAnswer) {
        if (!d.isAccepted()) {
            return plain(d.status(), d.headers(), d.body());
        }
        String subprotocol = d.subprotocol() != null ? d.subprotocol()
                : match.subprotocol() != null ? match.subprotocol()
                : choose(match.endpoint().subprotocols(), request.subprotocols());
        if (subprotocol != null && !request.subprotocols().contains(subprotocol)) {
            // Checked before extensions are negotiated, so no codec is made for an answer that fails.
            throw new IllegalArgumentException("subprotocol " + subprotocol + " was not offered");
        }
        if (request.version() == 75 || request.version() == 76) {
            // A legacy client fails unless its one protocol comes back, so it is echoed.
            String echoed = subprotocol != null || request.subprotocols().isEmpty() ? subprotocol
                    : request.subprotocols().get(0);
            return ServerAnswer.legacyUpgrade(request.version(),
                    LegacyHandshake.accept(request.upgrade(), secure, echoed, d.headers()), challengeAnswer,
                    match.endpoint().listenerFor(request), request.head(), echoed, d.attachment(), match.pathParameters(),
                    match.endpoint().config());
        }
        ExtensionNegotiation.Agreed agreed = ExtensionNegotiation.server(extensions, request.extensions());
        ResponseHead response = ServerHandshake.accept(request.upgrade(), subprotocol, agreed.responses(), d.headers());
        return ServerAnswer.upgrade(response, match.endpoint().listenerFor(request), request.head(), subprotocol, agreed.responses(),
                agreed.extensions(), d.attachment(), match.pathParameters(), match.endpoint().config());
    }

    /**
     * An {@code EventSource} request at an event-stream endpoint: CORS (403 for an origin not
     * allowed, the preflight answer for {@code OPTIONS}), 405 for other methods than
     * {@code GET}, the connection limit, then the endpoint's interceptor, which sees the request
     * as version 0 with no subprotocols.
     */
    private CompletionStage<ServerAnswer> eventStream(RequestHead head, InetSocketAddress remote, boolean secure,
                                                     Router.Match<EventStreamEndpoint> match, ContainerContext container) {
        EventStreamEndpoint endpoint = match.endpoint();
        String origin = head.fields().first("Origin");
        String host = head.fields().first("Host");
        List<String> own = host == null ? List.of() : List.of("http://" + host, "https://" + host);
        if (!endpoint.allows(origin, own)) {
            return done(error(403, "Origin " + origin + " may not read this event stream"));
        }
        HttpFields cors = corsFields(endpoint, origin);
        if (head.method().equals("OPTIONS")) {
            return done(plain(204, HttpFields.builder().addAll(cors).add("Access-Control-Allow-Methods", "GET")
                    .add("Access-Control-Allow-Headers", "Last-Event-ID, Cache-Control")
                    .add("Access-Control-Max-Age", "600").build(), new byte[0]));
        }
        if (!head.method().equals("GET")) {
            return done(plain(405, HttpFields.builder().add("Allow", "GET, OPTIONS").build(),
                    "An event stream is read with GET.\n".getBytes(StandardCharsets.UTF_8)));
        }
        if (openConnections.getAsInt() >= maxConnections) {
            return done(plain(503, HttpFields.builder().add("Retry-After", "5").build(),
                    "Too many connections\n".getBytes(StandardCharsets.UTF_8)));
        }
        HandshakeRequest request = new HandshakeRequest(
                new UpgradeRequest(head, "", 0, host == null ? "" : host, origin, List.of(), List.of()), remote,
                proxies.clientAddress(remote.getAddress(), head.fields()), match.pathParameters(), secure, container);
        return endpoint.interceptor().intercept(request).thenApply(d -> {
            if (!d.isAccepted()) {
                return plain(d.status(), cors.with(d.headers()), d.body());
            }
            HttpFields fields = HttpFields.builder().add("Content-Type", "text/event-stream; charset=utf-8")
                    .add("Cache-Control", "no-cache, no-store").add("X-Accel-Buffering", "no")
                    .add("Connection", "close").addAll(cors).addAll(d.headers()).build();
            byte[] preamble = endpoint.retry() == null ? new byte[0]
                    : ("retry: " + endpoint.retry().toMillis() + "\n\n").getBytes(StandardCharsets.US_ASCII);
            return ServerAnswer.eventStream(ResponseHead.of(200, fields), preamble, new EventStreamOpening(
                    endpoint.listenerFor(request), head, match.pathParameters(), d.attachment(), endpoint.keepAlive()));
        });
    }

    /** The CORS answer for an allowed {@code origin}: none without one; {@code *} only when any origin may read without credentials. */
    private static HttpFields corsFields(EventStreamEndpoint endpoint, String origin) {
        if (origin == null) {
            return HttpFields.empty();
        }
        if (endpoint.allowedOrigins().contains("*") && !endpoint.allowsCredentials()) {
            return HttpFields.builder().add("Access-Control-Allow-Origin", "*").build();
        }
        HttpFields.Builder f = HttpFields.builder().add("Access-Control-Allow-Origin", origin).add("Vary", "Origin");
        if (endpoint.allowsCredentials()) {
            f.add("Access-Control-Allow-Credentials", "true");
        }
        return f.build();
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
