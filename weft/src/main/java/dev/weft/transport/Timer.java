package dev.weft.transport;

/**
 * A task scheduled on an {@link EventLoop}. Cancel it from the loop thread; a cancelled
 * timer stays in the heap until its time comes and is then dropped, which makes
 * cancellation O(1).
 */
public final class Timer implements Comparable<Timer> {
    final long deadline;
    final long sequence;
    Runnable task;
    boolean cancelled;

    Timer(long deadline, long sequence, Runnable task) {
        this.deadline = deadline;
        this.sequence = sequence;
        this.task = task;
    }

    /**
     * Stops the task from running, if it has not run yet. Loop thread only. The task is let go
     * at once, so a cancelled timeout does not keep its connection reachable until its deadline.
     */
    public void cancel() {
        cancelled = true;
        task = null;
    }

    @Override
    public int compareTo(Timer o) {
        int c = Long.compare(deadline, o.deadline);
        return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
}
