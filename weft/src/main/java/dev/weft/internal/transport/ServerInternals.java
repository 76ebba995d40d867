package dev.weft.internal.transport;

import java.util.function.Function;

/**
 * How weft's own integration modules (the servlet adapter) reach a server's transport without a
 * public method on the server that users would see: the server installs the way in when its
 * class is first used, and only modules the transport package is exported to can call it.
 */
public final class ServerInternals {
    private static volatile Function<Object, ServerTransport> access;

    private ServerInternals() {
    }

    /**
     * Called once, by the server class.
     *
     * @param transportOf what gives a server's transport
     */
    public static void install(Function<Object, ServerTransport> transportOf) {
        access = transportOf;
    }

    /**
     * The transport of {@code server}, a {@code WebSocketServer}.
     *
     * @param server the server
     * @return its transport
     */
    public static ServerTransport transportOf(Object server) {
        return access.apply(server);
    }
}
