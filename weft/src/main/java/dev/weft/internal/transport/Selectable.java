package dev.weft.internal.transport;

/** Something registered with an {@link EventLoop}'s selector: told when its channel is ready. */
interface Selectable {
    /** The channel is ready for the operations in {@code readyOps}. Runs on the loop thread. */
    void onReady(int readyOps);

    /** The loop is shutting down: release the channel without ceremony. */
    void onLoopClosing();
}
