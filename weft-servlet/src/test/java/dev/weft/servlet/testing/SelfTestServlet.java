package dev.weft.servlet.testing;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Serves a browser self-test from the container, mapped to {@code /selftest/*}: {@code page}
 * is a page that round-trips a text and a binary message through {@code /ws/echo} on its own
 * origin and closes, then calls {@code report?r=...}, whose text goes to the test.
 */
public final class SelfTestServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Consumer<String> reports;

    /**
     * A self-test whose reports go to {@code reports}.
     *
     * @param reports takes each report the page sends
     */
    public SelfTestServlet(Consumer<String> reports) {
        this.reports = reports;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if ("/page".equals(path)) {
            response.setContentType("text/html; charset=utf-8");
            try (InputStream page = SelfTestServlet.class.getResourceAsStream("selftest.html")) {
                page.transferTo(response.getOutputStream());
            }
        } else if ("/report".equals(path)) {
            reports.accept(request.getParameter("r"));
            response.setStatus(204);
        } else {
            response.sendError(404);
        }
    }
}
