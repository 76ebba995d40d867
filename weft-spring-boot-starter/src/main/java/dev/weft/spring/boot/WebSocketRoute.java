package dev.weft.spring.boot;

import dev.weft.WebSocketListener;
import dev.weft.server.Endpoint;
import dev.weft.server.WebSocketServer;
import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * One WebSocket endpoint of a Spring Boot application, declared as a bean: weft's
 * auto-configuration mounts every route on the application's {@link WebSocketServer} and maps
 * weft's servlet to its path, on the application's own port.
 *
 * <pre>{@code
 * @Bean
 * WebSocketRoute echo() {
 *     return WebSocketRoute.of("/ws/echo", new WebSocketListener() {
 *         public void onText(WebSocket ws, String text) { ws.sendText(text); }
 *     });
 * }
 * }</pre>
 *
 * <p>Paths are relative to the application's context path, as controllers' are: exact
 * ({@code /ws/echo}), a template ({@code /rooms/{room}}) or a prefix ({@code /feeds/*}).
 */
public final class WebSocketRoute {
    private final String path;
    private final @Nullable String subprotocol;
    private final Endpoint endpoint;

    private WebSocketRoute(String path, @Nullable String subprotocol, Endpoint endpoint) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a route's path starts with /: " + path);
        }
        this.path = path;
        this.subprotocol = subprotocol;
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /**
     * A route that accepts every upgrade at {@code path}.
     *
     * @param path     the path, relative to the context path
     * @param listener hears the route's connections
     * @return the route
     */
    public static WebSocketRoute of(String path, WebSocketListener listener) {
        return new WebSocketRoute(path, null, Endpoint.of(listener));
    }

    /**
     * A route to an endpoint, with its interceptor and options.
     *
     * @param path     the path, relative to the context path
     * @param endpoint the endpoint
     * @return the route
     */
    public static WebSocketRoute of(String path, Endpoint endpoint) {
        return new WebSocketRoute(path, null, endpoint);
    }

    /**
     * A route for clients that offer {@code subprotocol}; several routes may share a path, one
     * per subprotocol.
     *
     * @param path        the path, relative to the context path
     * @param subprotocol the subprotocol the endpoint answers
     * @param endpoint    the endpoint
     * @return the route
     */
    public static WebSocketRoute of(String path, String subprotocol, Endpoint endpoint) {
        return new WebSocketRoute(path, Objects.requireNonNull(subprotocol, "subprotocol"), endpoint);
    }

    /**
     * The path, relative to the context path.
     *
     * @return the path as given
     */
    public String path() {
        return path;
    }

    /** Mounts the route on {@code builder}, at its full request path. */
    void mountOn(WebSocketServer.Builder builder, String contextPath) {
        String full = contextPath + path;
        if (subprotocol == null) {
            builder.endpoint(full, endpoint);
        } else {
            builder.endpoint(full, subprotocol, endpoint);
        }
    }

    /**
     * The servlet mapping that reaches every path the route matches: the path itself when it is
     * exact or a prefix, otherwise the part before its first template segment followed by
     * {@code /*} (weft's router then tells the paths apart).
     */
    String servletMapping() {
        int template = path.indexOf("/{");
        if (template < 0) {
            return path;
        }
        return path.substring(0, template) + "/*";
    }
}
