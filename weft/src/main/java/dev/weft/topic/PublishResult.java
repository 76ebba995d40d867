package dev.weft.topic;

/**
 * What one publish did on this server, counted once every event loop holding subscribers of the
 * topic has handled it.
 *
 * @param queued  subscribers the message was queued for (it leaves with their next write)
 * @param skipped subscribers that did not get it: past their high watermark under
 *                {@link SlowSubscriberPolicy#skip()}, at their hard cap under
 *                {@link SlowSubscriberPolicy#queue()}, or out of outbound memory budget
 * @param closed  subscribers closed for being too slow, under {@link SlowSubscriberPolicy#close(int)}
 */
public record PublishResult(int queued, int skipped, int closed) {
    /** Nobody on this server subscribes to the topic. */
    public static final PublishResult NOBODY = new PublishResult(0, 0, 0);

    /**
     * This result and {@code other} counted together.
     *
     * @param other another part of the same publish
     * @return the sums
     */
    public PublishResult plus(PublishResult other) {
        return new PublishResult(queued + other.queued, skipped + other.skipped, closed + other.closed);
    }
}
