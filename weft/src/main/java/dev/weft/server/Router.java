package dev.weft.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Chooses the endpoint for a request (a WebSocket {@link Endpoint}, or an event stream's), as WebSocket-Node's {@code WebSocketRouter}
 * does: by path (exact, template, prefix: the most specific match wins) and by subprotocol. A
 * mount may name the subprotocol it serves; the router walks the client's offer in the client's
 * order of preference and takes the first subprotocol some matching mount serves, else a
 * matching mount that names none.
 */
final class Router<E> {
    /** One endpoint at a path, for one subprotocol or ({@code null}) any. */
    record Mount<E>(PathPattern path, String subprotocol, E endpoint) {
    }

    /** The chosen endpoint, the subprotocol chosen for the client (or {@code null}), and the path's named segments. */
    record Match<E>(E endpoint, String subprotocol, Map<String, String> pathParameters) {
    }

    /** Replaced whole (copy on write) when mounts change on a running server; requests read it without a lock. */
    private volatile List<Mount<E>> mounts;
    /** Mounts in registration order, from which {@link #mounts} is sorted again. */
    private final List<Mount<E>> registered;

    Router(List<Mount<E>> mounts) {
        this.registered = new ArrayList<>(mounts);
        this.mounts = sorted(registered);
    }

    private static <E> List<Mount<E>> sorted(List<Mount<E>> mounts) {
        List<Mount<E>> sorted = new ArrayList<>(mounts);
        // Stable sort: among equally specific mounts, registration order decides.
        sorted.sort(Comparator.comparingInt((Mount<E> m) -> m.path().rank()).reversed());
        return List.copyOf(sorted);
    }

    /** Adds a mount; requests routed from now on may choose it. */
    synchronized void mount(Mount<E> m) {
        registered.add(m);
        mounts = sorted(registered);
    }

    /**
     * Removes the mounts at {@code path} (as written when mounted) for {@code subprotocol}
     * ({@code null}: the mounts that name none); connections they already opened stay open.
     *
     * @return how many were removed
     */
    synchronized int unmount(String path, String subprotocol) {
        int before = registered.size();
        registered.removeIf(m -> m.path().toString().equals(path) && java.util.Objects.equals(m.subprotocol(), subprotocol));
        mounts = sorted(registered);
        return before - registered.size();
    }

    /** Whether any mount matches the path, whatever the subprotocol. */
    boolean hasPath(String path) {
        for (Mount<E> m : mounts) {
            if (m.path().match(path) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * The endpoint for {@code path} and the client's {@code offered} subprotocols, or
     * {@code null}. Mounts are matched again for each offered subprotocol rather than collected
     * first: there are few, and matching allocates nothing unless the path has named segments.
     */
    Match<E> route(String path, List<String> offered) {
        List<Mount<E>> mounts = this.mounts; // one snapshot for the whole decision
        for (String protocol : offered) {
            for (Mount<E> m : mounts) {
                if (protocol.equals(m.subprotocol())) {
                    Map<String, String> p = m.path().match(path);
                    if (p != null) {
                        return new Match<>(m.endpoint(), protocol, p);
                    }
                }
            }
        }
        for (Mount<E> m : mounts) {
            if (m.subprotocol() == null) {
                Map<String, String> p = m.path().match(path);
                if (p != null) {
                    return new Match<>(m.endpoint(), null, p);
                }
            }
        }
        return null;
    }
}
