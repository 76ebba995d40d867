package dev.weft.internal.transport;

import dev.weft.Ticker;

import dev.weft.protocol.ProtocolSettings;
import dev.weft.protocol.ReceptionPool;
import dev.weft.protocol.frame.SecureMaskSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One thread, one {@link Selector}, a task queue and a timer heap. Every connection lives on
 * one loop for life, and everything about it (reads, writes, protocol state, timers) happens
 * on that loop's thread, so the hot path takes no locks. Other threads reach a connection by
 * {@link #execute}-ing a task on its loop.
 *
 * <p>A turn of the loop: select (waking for the next timer or a new task), handle ready
 * channels, run queued tasks, run due timers, then flush every connection that queued output
 * during the turn: one gathering write per connection per turn.
 *
 * <p>The loop also owns what its connections share without locks: one read buffer (a
 * connection's bytes are parsed before the next connection reads, so no connection needs a
 * read buffer of its own while idle), a pool of frame buffers, and a source of masking keys.
 */
public final class EventLoop implements Executor {
    private static final System.Logger LOG = System.getLogger("dev.weft.transport");
    /** The read buffer: large enough for a gathering of frames, small enough to stay in cache. */
    static final int READ_BUFFER_SIZE = 64 * 1024;

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    /** Cancelled timers still in {@link #timers}. */
    private int cancelledTimers;
    private final ArrayList<Flushable> dirty = new ArrayList<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private long timerSequence;
    private volatile boolean running = true;

    // Direct: the kernel copies into it and nothing else does. A heap buffer would make the JDK
    // read into a temporary direct buffer and copy every byte again (a tenth of the time spent
    // echoing 64 KiB messages).
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    final LoopBufferPool bufferPool = new LoopBufferPool();
    final WriteQueue.Scratch writeScratch = new WriteQueue.Scratch();
    final SecureMaskSource masks = new SecureMaskSource();
    /** The parsers and assemblers of this loop's connections, lent while a message arrives. */
    final ReceptionPool receptions = new ReceptionPool();
    /** The protocol settings of this loop's connections, one for each config, role and lending choice. */
    private final ProtocolSettingsCache protocolSettings = new ProtocolSettingsCache();

    /**
     * The protocol settings for a connection on this loop: made once for each config, role and
     * lending choice, so every connection like it shares them (the loop's buffers, masks and
     * parsers are in them). Any thread.
     */
    ProtocolSettings protocolSettings(dev.weft.WebSocketConfig config, dev.weft.protocol.Role role, boolean lend) {
        return protocolSettings.get(config, role, lend, () -> ProtocolSettings.builder(role)
                .limits(config.limits())
                .assembleFragments(config.assembleFragments())
                .lendBinaryMessages(lend)
                .autoPong(config.autoPong())
                .fragmentSize(config.fragmentSize())
                .bufferPool(bufferPool)
                .receptionPool(receptions)
                .masks(masks)
                .build());
    }

    /** Something with queued output, flushed at the end of the loop turn. */
    interface Flushable {
        void flush();
    }

    /** This loop's place in its group: topics keep their subscribers per loop by it. */
    final int index;
    /** Where a topic's subscribers are copied to be visited while they may change (grown as needed). */
    Object[] topicScratch = new Object[64];

    /** Where time is read: the system's clock, or a test's. */
    private final Ticker ticker;
    /** How long a loop may sleep on a ticker that is not the system's before it looks again. */
    private static final long MANUAL_TICKER_POLL_MILLIS = 5;

    EventLoop(String name, int index, Ticker ticker) {
        this.ticker = ticker;
        this.index = index;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * The loop's time, from the configured {@link Ticker}.
     *
     * @return nanoseconds, for differences only
     */
    public long nanoTime() {
        return ticker.nanoTime();
    }

    /** Whether the caller is this loop's thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread, after tasks queued before it. Safe from any thread. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Runs {@code task} after {@code delay} nanoseconds. Loop thread only. */
    public Timer schedule(long delayNanos, Runnable task) {
        Timer t = new Timer(this, ticker.nanoTime() + delayNanos, timerSequence++, task);
        timers.add(t);
        return t;
    }

    /** Counts a cancelled timer; rebuilds the heap without them once they are most of it. */
    void timerCancelled() {
        cancelledTimers++;
        if (cancelledTimers > 64 && cancelledTimers > timers.size() / 2) {
            timers.removeIf(t -> t.cancelled);
            cancelledTimers = 0;
        }
    }

    /** Timers in the heap, cancelled ones included (for tests). Loop thread only. */
    int timerHeapSize() {
        return timers.size();
    }

    /** Takes the first timer off the heap, keeping the count of cancelled ones. */
    private void pollTimer() {
        if (timers.poll().cancelled) {
            cancelledTimers--;
        }
    }

    /** Registers a channel with this loop's selector. Loop thread only. */
    SelectionKey register(SelectableChannel channel, int ops, Selectable handler) throws IOException {
        return channel.register(selector, ops, handler);
    }

    /** Asks for {@code f} to be flushed at the end of this turn. Loop thread only. */
    void markDirty(Flushable f) {
        dirty.add(f);
    }

    private void run() {
        try {
            while (running) {
                select();
                handleReadyChannels();
                runTasks();
                runTimers();
                flushDirty();
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "event loop " + thread.getName() + " died", t);
        } finally {
            closeAll();
            terminated.countDown();
        }
    }

    private void select() throws IOException {
        if (!tasks.isEmpty()) {
            selector.selectNow();
        } else {
            long wait = untilNextTimerMillis();
            if (ticker != Ticker.system() && (wait < 0 || wait > MANUAL_TICKER_POLL_MILLIS)) {
                // Nobody wakes the selector when a test moves its clock: look again soon.
                wait = MANUAL_TICKER_POLL_MILLIS;
            }
            if (wait == 0) {
                selector.selectNow();
            } else {
                selector.select(wait < 0 ? 0 : wait);
            }
        }
        wakeupPending.set(false);
    }

    private long untilNextTimerMillis() {
        Timer next = timers.peek();
        while (next != null && next.cancelled) {
            pollTimer();
            next = timers.peek();
        }
        if (next == null) {
            return -1;
        }
        long nanos = next.deadline - ticker.nanoTime();
        return nanos <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    }

    private void handleReadyChannels() {
        var keys = selector.selectedKeys();
        if (keys.isEmpty()) {
            return;
        }
        for (SelectionKey key : keys) {
            if (!key.isValid()) {
                continue;
            }
            Selectable s = (Selectable) key.attachment();
            try {
                s.onReady(key.readyOps());
            } catch (RuntimeException e) {
                LogOnce.SHARED.log(LOG, System.Logger.Level.ERROR, "unexpected failure handling a channel", e);
            }
        }
        keys.clear();
    }

    private void runTasks() {
        // Bounded per turn, so a flood of cross-thread sends cannot starve reads.
        for (int i = 0; i < 4096; i++) {
            Runnable r = tasks.poll();
            if (r == null) {
                return;
            }
            runSafely(r);
        }
    }

    private void runTimers() {
        long now = ticker.nanoTime();
        Timer t;
        while ((t = timers.peek()) != null && (t.cancelled || t.deadline - now <= 0)) {
            pollTimer();
            if (!t.cancelled) {
                runSafely(t.fire());
            }
        }
    }

    private void flushDirty() {
        // A flush may close a connection, which may mark others dirty: iterate by index.
        for (int i = 0; i < dirty.size(); i++) {
            try {
                dirty.get(i).flush();
            } catch (RuntimeException e) {
                LogOnce.SHARED.log(LOG, System.Logger.Level.ERROR, "unexpected failure flushing", e);
            }
        }
        dirty.clear();
    }

    private static void runSafely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LogOnce.SHARED.log(LOG, System.Logger.Level.ERROR, "unexpected failure in a loop task", e);
        }
    }

    /** Stops the loop; every channel still registered is closed. Safe from any thread. */
    void shutdown() {
        running = false;
        selector.wakeup();
    }

    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    private void closeAll() {
        for (SelectionKey key : selector.keys()) {
            Object a = key.attachment();
            if (a instanceof Selectable s) {
                try {
                    s.onLoopClosing();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "failure closing a channel", e);
                }
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "failure closing the selector", e);
        }
    }
}
