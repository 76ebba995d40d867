package dev.weft.benchmarks.peers;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The Jakarta WebSocket (JSR 356) echo that Tomcat's and Jetty's own implementations run, as
 * their documentation writes one: a programmatic endpoint whose whole-message handlers send each
 * message back through the basic remote.
 */
public final class JakartaEcho extends Endpoint {
    /** The largest message either container buffers: above the benchmark's 64 KiB messages. */
    static final int MAX_MESSAGE = 256 * 1024;

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        RemoteEndpoint.Basic remote = session.getBasicRemote();
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            try {
                remote.sendText(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) data -> {
            try {
                remote.sendBinary(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
