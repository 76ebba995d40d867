package dev.weft.internal.transport;

import dev.weft.MemoryBudgets;
import dev.weft.MemoryStats;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link MemoryBudgets} of one server or client, kept for all its connections on every
 * loop: what is held inbound and outbound, who waits for inbound memory, and the refusals.
 *
 * <p>Reserving and releasing are one atomic add each. Waiting is the slow path, under a lock:
 * waiters are woken in the order they began to wait whenever memory is given back, and one
 * connection at a time, the <em>overdraft</em>, may go past the inbound budget (by at most its
 * message limit, which the core enforces). Without it, connections each holding part of a
 * message could fill the budget and wait on one another until every one of them timed out; with
 * it, one of them always finishes and gives its memory back.
 */
public final class MemoryLedger {
    private static final System.Logger LOG = System.getLogger("dev.weft");
    /** Waiters woken at once when memory comes back; the rest wait for the next release. */
    private static final int WAKE_AT_ONCE = 64;

    private final long inboundBudget;
    private final long outboundBudget;
    private final Duration waitTimeout;
    private final AtomicLong inbound = new AtomicLong();
    private final AtomicLong outbound = new AtomicLong();
    /** Inbound releases so far: a refused connection compares it before it waits, so no release is missed. */
    private final AtomicLong releases = new AtomicLong();
    private final ArrayDeque<WebSocketSession> waiting = new ArrayDeque<>();
    /** {@code waiting.size()}, readable without the lock. */
    private volatile int waiters;
    /** The one connection allowed past the inbound budget, or null; written under the lock. */
    private volatile WebSocketSession overdraft;
    private final LongAdder inboundTimeouts = new LongAdder();
    private final LongAdder outboundRefusals = new LongAdder();
    private final LongAdder broadcastSkips = new LongAdder();
    private final LongAdder oversizedDiscards = new LongAdder();
    /** Whether each budget's first refusal was logged: once per server, the rest is in {@link #stats()}. */
    private final AtomicBoolean inboundWarned = new AtomicBoolean();
    private final AtomicBoolean outboundWarned = new AtomicBoolean();

    /** A ledger for these budgets. */
    public MemoryLedger(MemoryBudgets budgets) {
        this.inboundBudget = budgets.inbound();
        this.outboundBudget = budgets.outbound();
        this.waitTimeout = budgets.waitTimeout();
    }

    Duration waitTimeout() {
        return waitTimeout;
    }

    // ------------------------------------------------------------------ inbound

    /** Takes inbound memory for {@code who}; false (nothing taken) if the budget cannot spare it. */
    boolean reserveInbound(WebSocketSession who, long bytes) {
        if (overdraft == who) {
            inbound.addAndGet(bytes);
            return true;
        }
        if (reserve(inbound, inboundBudget, bytes)) {
            return true;
        }
        warnOnce(inboundWarned, "inbound", inboundBudget, "connections wait, unread, until memory is given back");
        return false;
    }

    private static void warnOnce(AtomicBoolean warned, String which, long budget, String meaning) {
        if (!warned.get() && warned.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "the " + which + " memory budget (" + budget + " bytes) is spent for "
                    + "the first time: " + meaning + ". Logged once; memoryStats() counts every refusal.");
        }
    }

    /**
     * How many times inbound memory was given back so far. A connection reads it before asking,
     * and hands what it read to {@link #await} if refused, so a release in between is not missed.
     */
    long releases() {
        return releases.get();
    }

    /** Gives inbound memory back and wakes the longest waiters to try again. */
    void releaseInbound(WebSocketSession who, long bytes) {
        inbound.addAndGet(-bytes);
        releases.incrementAndGet();
        if (overdraft == who) {
            synchronized (this) {
                if (overdraft == who) {
                    overdraft = null; // its holder gives back only once its message is handed over
                }
            }
        }
        if (waiters != 0) {
            wake(WAKE_AT_ONCE); // no lock taken when nobody waits, the usual case
        }
    }

    /**
     * {@code who} was refused and stopped reading: it is told ({@link WebSocketSession#memoryAvailable})
     * when memory comes back, or at once if some came back since its refusal or the overdraft
     * is free for it. A refused connection is not woken merely because others wait: it would
     * only be refused again.
     */
    void await(WebSocketSession who, MemoryWait wait) {
        boolean releasedSince;
        boolean overdraftFree;
        synchronized (this) {
            releasedSince = releases.get() != wait.refusedAfter;
            if (!releasedSince) {
                waiting.addLast(who);
                waiters = waiting.size();
            }
            overdraftFree = overdraft == null;
        }
        if (releasedSince) {
            who.memoryAvailable();
        } else if (overdraftFree) {
            wake(1);
        }
    }

    /** {@code who} is gone or gave up: it waits no more and holds the overdraft no more. */
    void forget(WebSocketSession who) {
        boolean wasOverdraft;
        synchronized (this) {
            waiting.remove(who);
            waiters = waiting.size();
            wasOverdraft = overdraft == who;
            if (wasOverdraft) {
                overdraft = null;
            }
        }
        if (wasOverdraft) {
            wake(1);
        }
    }

    /**
     * Wakes up to {@code most} of the longest waiters (just the overdraft's new holder while the
     * budget is spent); the first waiter takes the overdraft if it is free.
     *
     * @return whether anyone was woken
     */
    private boolean wake(int most) {
        WebSocketSession[] woken;
        int n = 0;
        synchronized (this) {
            if (waiting.isEmpty()) {
                return false;
            }
            boolean spent = inbound.get() >= inboundBudget;
            if (overdraft == null) {
                overdraft = waiting.peekFirst();
            } else if (spent) {
                return false; // nothing to hand out, and the overdraft is busy elsewhere
            }
            int count = spent ? 1 : Math.min(waiting.size(), most);
            woken = new WebSocketSession[count];
            while (n < count) {
                woken[n++] = waiting.pollFirst();
            }
            waiters = waiting.size();
        }
        for (int i = 0; i < n; i++) {
            woken[i].memoryAvailable();
        }
        return true;
    }

    void inboundTimedOut() {
        inboundTimeouts.increment();
    }

    // ------------------------------------------------------------------ outbound

    /**
     * Takes outbound memory for a send; false (nothing taken, the refusal counted) if the budget
     * cannot spare it. The last quarter of the budget is kept for connections that keep up (see
     * {@link MemoryBudgets#outbound()}): peers that stopped reading can tie up three quarters at
     * most, and connections that read keep receiving.
     *
     * @param keepingUp whether the send is for a connection with nothing queued that has had a
     *                  send written before
     */
    boolean reserveOutbound(long bytes, boolean keepingUp) {
        if (reserve(outbound, keepingUp ? outboundBudget : outboundBudget - outboundBudget / 4, bytes)) {
            return true;
        }
        outboundRefusals.increment();
        warnOnce(outboundWarned, "outbound", outboundBudget, "sends fail with SendQueueFullException");
        return false;
    }

    void releaseOutbound(long bytes) {
        outbound.addAndGet(-bytes);
    }

    void broadcastSkipped(long deliveries) {
        if (deliveries != 0) {
            broadcastSkips.add(deliveries);
        }
    }

    /** A message over the limits was dropped and its connection kept. */
    void oversizedDiscarded() {
        oversizedDiscards.increment();
    }

    private static boolean reserve(AtomicLong held, long budget, long bytes) {
        while (true) {
            long now = held.get();
            if (now + bytes > budget && bytes > 0) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** What is held and refused now. */
    public MemoryStats stats() {
        return new MemoryStats(inbound.get(), inboundBudget, outbound.get(), outboundBudget, waiters,
                inboundTimeouts.sum(), outboundRefusals.sum(), broadcastSkips.sum(),
                oversizedDiscards.sum());
    }
}
