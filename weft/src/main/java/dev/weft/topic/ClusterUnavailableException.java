package dev.weft.topic;

/**
 * A {@link ClusterBus} could not take a message for the other nodes: its transport is down,
 * refused it or did not answer in time. Local subscribers were not affected.
 */
public class ClusterUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     * @param cause   the transport's own error, if any
     */
    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
