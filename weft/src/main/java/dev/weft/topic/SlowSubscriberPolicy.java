package dev.weft.topic;

import dev.weft.protocol.close.CloseCode;

/**
 * What a publish does with a subscriber whose send queue is past its high watermark
 * ({@link dev.weft.WebSocketConfig#highWatermark()}): its peer reads slower than the topic
 * publishes. Publishing never waits for such a subscriber whatever the policy.
 *
 * <ul>
 *   <li>{@link #skip()} (the default): this message is not sent to it, and counted as skipped;
 *       it gets the next one its queue has room for. For feeds where the latest value matters
 *       (prices, positions, presence).
 *   <li>{@link #close(int)}: the connection is closed with the given code (1008 policy
 *       violation or 1013 try again later), so the client reconnects and resynchronises. For
 *       streams where a gap is worse than a reconnect.
 *   <li>{@link #queue()}: queued anyway, up to the connection's hard cap
 *       ({@link dev.weft.WebSocketConfig#maxOutboundBytes()}); past it, skipped. For chat and
 *       other streams where every message counts and bursts are short.
 * </ul>
 */
public final class SlowSubscriberPolicy {
    /** What the policy does. */
    public enum Action {
        /** Leave the message out for this subscriber. */
        SKIP,
        /** Close the subscriber's connection. */
        CLOSE,
        /** Queue it up to the hard cap. */
        QUEUE
    }

    private static final SlowSubscriberPolicy SKIP = new SlowSubscriberPolicy(Action.SKIP, 0);
    private static final SlowSubscriberPolicy QUEUE = new SlowSubscriberPolicy(Action.QUEUE, 0);

    private final Action action;
    private final int closeCode;

    private SlowSubscriberPolicy(Action action, int closeCode) {
        this.action = action;
        this.closeCode = closeCode;
    }

    /**
     * Skip the message for a slow subscriber.
     *
     * @return the policy
     */
    public static SlowSubscriberPolicy skip() {
        return SKIP;
    }

    /**
     * Queue the message for a slow subscriber up to its hard cap.
     *
     * @return the policy
     */
    public static SlowSubscriberPolicy queue() {
        return QUEUE;
    }

    /**
     * Close a slow subscriber's connection.
     *
     * @param code {@link CloseCode#POLICY_VIOLATION} (1008) or {@link CloseCode#TRY_AGAIN_LATER} (1013)
     * @return the policy
     * @throws IllegalArgumentException for any other code
     */
    public static SlowSubscriberPolicy close(int code) {
        if (code != CloseCode.POLICY_VIOLATION && code != CloseCode.TRY_AGAIN_LATER) {
            throw new IllegalArgumentException("a slow subscriber is closed with 1008 or 1013, not " + code);
        }
        return new SlowSubscriberPolicy(Action.CLOSE, code);
    }

    /**
     * What the policy does.
     *
     * @return the action
     */
    public Action action() {
        return action;
    }

    /**
     * The close code for {@link Action#CLOSE}.
     *
     * @return 1008 or 1013, or 0 for the other actions
     */
    public int closeCode() {
        return closeCode;
    }

    @Override
    public String toString() {
        return action == Action.CLOSE ? "close(" + closeCode + ")" : action.name().toLowerCase(java.util.Locale.ROOT);
    }
}
