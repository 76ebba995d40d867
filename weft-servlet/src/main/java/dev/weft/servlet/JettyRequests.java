package dev.weft.servlet;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import org.jspecify.annotations.Nullable;

/**
 * Recognises a request served by Jetty 12 without loading any Jetty class, so that weft-servlet
 * runs in other containers with no Jetty on the class path. The Jetty path itself is in
 * {@link JettyUpgrades}, which is loaded only once a request is known to be Jetty's.
 */
final class JettyRequests {
    private static final String JETTY_PACKAGE = "org.eclipse.jetty.";

    private JettyRequests() {
    }

    /**
     * Jetty's own servlet request under any filters' wrappers, or {@code null} if another
     * container made it.
     */
    static @Nullable ServletRequest jettyRequest(ServletRequest request) {
        ServletRequest innermost = request;
        while (innermost instanceof ServletRequestWrapper wrapper) {
            innermost = wrapper.getRequest();
        }
        return innermost.getClass().getName().startsWith(JETTY_PACKAGE) ? innermost : null;
    }
}
