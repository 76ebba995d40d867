package dev.weft.sse;

/**
 * What happens to the event streams of an {@link EventStreamEndpoint}. Called on the stream's
 * event-loop thread: must not block. A callback that throws is logged and its stream closed.
 */
public interface EventStreamListener {
    /**
     * The response head is on its way: the stream can be sent events.
     *
     * @param stream the stream
     */
    default void onOpen(EventStream stream) {
    }

    /**
     * The stream's queue fell back below its low watermark after passing the high one.
     *
     * @param stream the stream
     */
    default void onWritable(EventStream stream) {
    }

    /**
     * The stream ended: the client went away, the stream was closed, or the server stopped.
     *
     * @param stream the stream
     */
    default void onClose(EventStream stream) {
    }
}
