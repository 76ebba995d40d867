package dev.weft.servlet;

import dev.weft.internal.transport.EventLoop;
import dev.weft.internal.transport.ServerAnswer;
import dev.weft.internal.transport.ServerTransport;
import dev.weft.internal.transport.StreamLink;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The container's handle on one upgraded connection: it makes one per upgrade (with this public
 * no-argument constructor, as the Servlet API requires) and calls {@link #init} once the 101 is
 * sent; weft then runs the connection on its own event loop over the container's streams.
 * Applications never use it directly: {@link WebSocketServlet} upgrades to it.
 */
public final class WebSocketUpgradeHandler implements HttpUpgradeHandler {
    private ServerTransport transport;
    private ServerAnswer answer;
    private StreamLink.Addresses addresses;

    /** Made by the container, during {@code HttpServletRequest.upgrade}. */
    public WebSocketUpgradeHandler() {
    }

    /** What the connection needs, handed over after {@code upgrade()} returns and before {@link #init}. */
    void prepare(ServerTransport transport, ServerAnswer answer, StreamLink.Addresses addresses) {
        this.transport = transport;
        this.answer = answer;
        this.addresses = addresses;
    }

    /**
     * Starts the WebSocket over the upgraded connection's streams. Called by the container.
     *
     * @param connection the upgraded connection
     */
    @Override
    public void init(WebConnection connection) {
        ServletStream stream;
        try {
            stream = new ServletStream(connection);
        } catch (IOException e) {
            throw new UncheckedIOException("the container gave no streams for an upgraded connection", e);
        }
        EventLoop loop = transport.nextLoop();
        StreamLink link = new StreamLink(loop, stream, addresses);
        ServerAnswer upgrade = answer;
        // The listeners first: a stream may not be read before its read listener is set. A call
        // that comes before the session is open finds no stage yet; the start reads what is there.
        stream.listen(link);
        loop.execute(() -> link.start(transport.openSession(link, upgrade)));
    }

    /** The container is done with the connection; weft closed it already, or closes it on error. */
    @Override
    public void destroy() {
    }
}
