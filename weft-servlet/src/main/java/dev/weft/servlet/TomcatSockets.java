package dev.weft.servlet;

import dev.weft.internal.transport.LogOnce;
import org.jspecify.annotations.Nullable;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.locks.Lock;

/**
 * What the Servlet API does not offer and Tomcat (through 11) needs, reached by reflection and
 * only on Tomcat: for any other container, or a Tomcat whose internals changed, these do nothing
 * (with one WARNING).
 *
 * <ul>
 *   <li>Tomcat closes an externally upgraded connection's socket only when it next handles an
 *       event on it: {@code WebConnection.close()} from another thread just marks the streams
 *       closed, and a client that waits for the server to close first (RFC 6455) would wait out
 *       its timeout. {@link #processAgain} asks Tomcat to handle the socket once more.</li>
 *   <li>Tomcat handles each socket's events holding the socket's lock, and re-arms reading after
 *       every dispatch; its input stream's readiness is a cache those dispatches write. A read
 *       from another thread must hold the same lock ({@link #lock}), or it races them.</li>
 *   <li>The Servlet API cannot end a connection's output and keep reading: after its close
 *       frame weft must drain the peer's input before closing (a close with unread input sends a
 *       reset, failing the peer's writes), but a peer that waits for the server to close first
 *       then waits out weft's linger time. {@link #shutdownOutput} sends the FIN on a plain NIO
 *       socket; under TLS (where a bare FIN would skip the close_notify) weft only drains.</li>
 * </ul>
 */
final class TomcatSockets {
    private static final System.Logger LOG = System.getLogger("dev.weft.transport");
    private static final String TOMCAT_PACKAGE = "org.apache.coyote.http11.upgrade.";

    private TomcatSockets() {
    }

    /** Tomcat's socket behind one of its upgraded streams, or {@code null} for another container. */
    static @Nullable Object socketOf(Object stream) {
        Class<?> type = stream.getClass();
        if (!type.getName().startsWith(TOMCAT_PACKAGE)) {
            return null;
        }
        try {
            Field field = type.getDeclaredField("socketWrapper");
            field.setAccessible(true);
            return field.get(stream);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LogOnce.SHARED.log(LOG, System.Logger.Level.WARNING, "cannot reach Tomcat's socket behind an upgraded "
                    + "stream; closes wait for the peer, and resumed reads are not serialised with Tomcat", e);
            return null;
        }
    }

    /** The lock Tomcat holds while it handles {@code socket}'s events, or {@code null}. */
    static @Nullable Lock lock(@Nullable Object socket) {
        if (socket == null) {
            return null;
        }
        try {
            return (Lock) socket.getClass().getMethod("getLock").invoke(socket);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LogOnce.SHARED.log(LOG, System.Logger.Level.WARNING, "cannot reach Tomcat's socket lock", e);
            return null;
        }
    }

    /**
     * Ends the output of {@code socket}'s plain NIO channel, keeping its input open.
     *
     * @return whether the FIN was sent (false under TLS, on other connectors, or when Tomcat's
     *         internals are not as expected)
     */
    static boolean shutdownOutput(@Nullable Object socket) {
        if (socket == null) {
            return false;
        }
        try {
            Object channel = socket.getClass().getMethod("getSocket").invoke(socket);
            if (channel == null || !channel.getClass().getName().equals("org.apache.tomcat.util.net.NioChannel")) {
                return false; // TLS (SecureNioChannel) or another connector
            }
            ((java.nio.channels.SocketChannel) channel.getClass().getMethod("getIOChannel").invoke(channel)).shutdownOutput();
            return true;
        } catch (ReflectiveOperationException | java.io.IOException | RuntimeException e) {
            LogOnce.SHARED.log(LOG, System.Logger.Level.WARNING, "cannot half-close Tomcat's socket; a closing "
                    + "connection drains its peer's input for up to two seconds instead", e);
            return false;
        }
    }

    /** After the connection was closed: lets Tomcat see it now, on its own thread. */
    static void processAgain(@Nullable Object socket) {
        if (socket == null) {
            return;
        }
        try {
            Class<?> eventType = Class.forName("org.apache.tomcat.util.net.SocketEvent", false,
                    socket.getClass().getClassLoader());
            Object openRead = eventType.getField("OPEN_READ").get(null);
            Method process = socket.getClass().getMethod("processSocket", eventType, boolean.class);
            process.invoke(socket, openRead, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LogOnce.SHARED.log(LOG, System.Logger.Level.WARNING, "cannot ask Tomcat to close an upgraded connection's "
                    + "socket now; it closes when the peer closes its side", e);
        }
    }
}
