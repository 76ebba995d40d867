package dev.weft.client;

import dev.weft.WebSocketConnectException;
import dev.weft.protocol.handshake.HandshakeException;
import dev.weft.protocol.http.ResponseHead;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The redirects one connect follows: where a refused upgrade points, whether to go there, and
 * the options to go with (credentials stay with the original host).
 */
final class Redirects {
    private static final Set<Integer> STATUSES = Set.of(301, 302, 303, 307, 308);

    private final URI original;
    private final int max;
    private final List<URI> chain = new ArrayList<>();

    Redirects(URI original, int max) {
        this.original = original;
        this.max = max;
    }

    /** The locations followed so far. */
    List<URI> chain() {
        return chain;
    }

    /**
     * Where a failed attempt at {@code current} redirects to, or null if it was no redirect.
     *
     * @throws WebSocketConnectException REDIRECT: a loop, past the limit, or a location that is no WebSocket URI
     */
    URI next(URI current, WebSocketConnectException failure) throws WebSocketConnectException {
        if (failure.reason() != WebSocketConnectException.Reason.HANDSHAKE || !STATUSES.contains(failure.status())) {
            return null;
        }
        HandshakeException h = failure.handshakeFailure();
        ResponseHead response = h == null ? null : h.response();
        String location = response == null ? null : response.fields().first("Location");
        if (location == null) {
            return null; // a 3xx without a place to go is a refusal like any other
        }
        URI next;
        try {
            next = asWebSocket(current.resolve(location.trim()));
        } catch (IllegalArgumentException e) {
            throw fail("redirect to " + location + ", which is no ws, wss, http or https URI", failure);
        }
        if (next.equals(current) || chain.contains(next) || next.equals(original)) {
            chain.add(next);
            throw fail("redirects go round in a loop: " + chain, failure);
        }
        chain.add(next);
        if (chain.size() > max) {
            throw fail("more than " + max + " redirects (maxRedirects): " + chain, failure);
        }
        return next;
    }

    /** Whether {@code uri} is on the original host and port (where the credentials were meant to go). */
    boolean sameOrigin(URI uri) {
        return Objects.equals(authority(uri), authority(original));
    }

    private static String authority(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "wss".equals(uri.getScheme()) ? 443 : 80;
        return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static URI asWebSocket(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String mapped = switch (scheme) {
            case "ws", "http" -> "ws";
            case "wss", "https" -> "wss";
            default -> throw new IllegalArgumentException(scheme);
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host");
        }
        try {
            return new URI(mapped, uri.getRawUserInfo(), uri.getHost(), uri.getPort(), uri.getRawPath(), uri.getRawQuery(), null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private WebSocketConnectException fail(String message, WebSocketConnectException last) {
        return new WebSocketConnectException(WebSocketConnectException.Reason.REDIRECT, message, last.status(),
                last.body(), last, chain);
    }
}
