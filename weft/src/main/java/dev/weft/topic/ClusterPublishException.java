package dev.weft.topic;

/**
 * A publish reached this server's subscribers ({@link #localResult()}) but not the other nodes:
 * the {@link ClusterBus} failed; the cause says how (usually {@link ClusterUnavailableException}).
 */
public class ClusterPublishException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient PublishResult localResult;

    /**
     * @param localResult what the publish did on this server
     * @param cause       why the other nodes were not reached
     */
    public ClusterPublishException(PublishResult localResult, Throwable cause) {
        super("published locally (" + localResult + ") but not to the cluster: " + cause.getMessage(), cause);
        this.localResult = localResult;
    }

    /**
     * What the publish did on this server.
     *
     * @return the local counts
     */
    public PublishResult localResult() {
        return localResult;
    }
}
