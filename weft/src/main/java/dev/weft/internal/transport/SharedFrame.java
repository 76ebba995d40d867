package dev.weft.internal.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One frame queued on many connections by a broadcast, standing in for each recipient's send
 * future in its write queue. The frame is one buffer however many queues hold it, so it counts
 * once toward the outbound budget: taken before it is queued anywhere, given back when the last
 * queue has written or dropped it. Never completed as a future: nobody waits on it.
 */
final class SharedFrame extends CompletableFuture<Void> {
    private final MemoryLedger ledger;
    private final long bytes;
    /** Queues holding it, plus one for the broadcast still handing it out. */
    private final AtomicInteger holders = new AtomicInteger(1);

    /** A frame of {@code bytes} already reserved from the ledger's outbound budget. */
    SharedFrame(MemoryLedger ledger, long bytes) {
        this.ledger = ledger;
        this.bytes = bytes;
    }

    /** One more queue holds it. */
    void hold() {
        holders.incrementAndGet();
    }

    /** A queue is done with it (or the broadcast has handed it out); the last gives its bytes back. */
    void letGo() {
        if (holders.decrementAndGet() == 0) {
            ledger.releaseOutbound(bytes);
        }
    }
}
