package dev.weft.servlet;

import dev.weft.internal.transport.LogOnce;
import jakarta.servlet.ServletOutputStream;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Tomcat (through 11) closes an externally upgraded connection's socket only when it next handles
 * an event on that socket: {@code WebConnection.close()} from any other thread just marks the
 * streams closed. weft closes from its own loop thread, so the TCP connection would stay open
 * until the peer acts, and a client that waits for the server to close first, as RFC 6455 asks,
 * would wait out its timeout. After closing, this asks Tomcat to handle the socket once more, on
 * Tomcat's own thread, where it finds both streams closed and closes the socket.
 *
 * <p>The Servlet API has no such call, so this reaches Tomcat by reflection, and only Tomcat: for
 * any other container, or a Tomcat whose internals changed, it does nothing (the connection then
 * closes when the peer closes its side).
 */
final class TomcatCloseNudge {
    private static final System.Logger LOG = System.getLogger("dev.weft.transport");
    private static final String TOMCAT_STREAM = "org.apache.coyote.http11.upgrade.UpgradeServletOutputStream";

    private TomcatCloseNudge() {
    }

    /** After {@code out}'s connection was closed: lets Tomcat see it now. */
    static void afterClose(ServletOutputStream out) {
        Class<?> type = out.getClass();
        if (!type.getName().equals(TOMCAT_STREAM)) {
            return;
        }
        try {
            Field field = type.getDeclaredField("socketWrapper");
            field.setAccessible(true);
            Object socket = field.get(out);
            Class<?> eventType = Class.forName("org.apache.tomcat.util.net.SocketEvent", false, type.getClassLoader());
            Object openRead = eventType.getField("OPEN_READ").get(null);
            Method process = socket.getClass().getMethod("processSocket", eventType, boolean.class);
            process.invoke(socket, openRead, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LogOnce.SHARED.log(LOG, System.Logger.Level.WARNING, "cannot ask Tomcat to close an upgraded connection's "
                    + "socket now; it closes when the peer closes its side", e);
        }
    }
}
