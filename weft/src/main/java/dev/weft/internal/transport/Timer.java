package dev.weft.internal.transport;

/**
 * A task scheduled on an {@link EventLoop}. Cancel it from the loop thread; a cancelled
 * timer stays in the heap until its time comes and is then dropped, which makes
 * cancellation O(1), and the loop purges the heap when cancelled timers outnumber live ones
 * (most timeouts are cancelled long before they are due: without the purge, a server taking
 * thousands of connections a second carries every handshake timeout of the last ten seconds).
 */
public final class Timer implements Comparable<Timer> {
    final long deadline;
    final long sequence;
    private final EventLoop loop;
    Runnable task;
    boolean cancelled;

    Timer(EventLoop loop, long deadline, long sequence, Runnable task) {
        this.loop = loop;
        this.deadline = deadline;
        this.sequence = sequence;
        this.task = task;
    }

    /**
     * Stops the task from running, if it has not run yet. Loop thread only. The task is let go
     * at once, so a cancelled timeout does not keep its connection reachable until its deadline.
     */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            task = null;
            loop.timerCancelled();
        }
    }

    /** Takes the task to run it now; a later {@link #cancel} does nothing. Loop only, once off the heap. */
    Runnable fire() {
        Runnable r = task;
        cancelled = true;
        task = null;
        return r;
    }

    @Override
    public int compareTo(Timer o) {
        int c = Long.compare(deadline, o.deadline);
        return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
}
