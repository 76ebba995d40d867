package dev.weft;

/**
 * A send was refused because the connection's outgoing queue would exceed its hard cap
 * ({@link WebSocketConfig#maxOutboundBytes()}): the peer is not reading fast enough. The
 * connection stays open; the message was not queued. Wait for
 * {@link WebSocketListener#onWritable} and send again, or give up on the peer.
 */
public final class SendQueueFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message how full the queue was */
    public SendQueueFullException(String message) {
        super(message);
    }
}
