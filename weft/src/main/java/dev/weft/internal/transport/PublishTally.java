package dev.weft.internal.transport;

import dev.weft.topic.PublishResult;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One publish's count across the loops it was handed to: each loop reports once, and the last
 * report completes the future and lets go of the publisher's hold on the message's frames.
 */
final class PublishTally {
    final CompletableFuture<PublishResult> future = new CompletableFuture<>();
    private final Topic topic;
    private final PublishedMessage message;
    /** Loops yet to report, plus one while the publisher is still handing the message out. */
    private final AtomicInteger pending = new AtomicInteger(1);
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    PublishTally(Topic topic, PublishedMessage message) {
        this.topic = topic;
        this.message = message;
    }

    /** The publisher hands the message to one more loop. */
    void expectLoop() {
        pending.incrementAndGet();
    }

    /** The publisher has handed it to every loop that holds subscribers. */
    void allLoopsExpected() {
        countDown();
    }

    /** One loop has handled every subscriber it holds. */
    void loopDone(int queuedHere, int skippedHere, int closedHere) {
        if (queuedHere != 0) {
            queued.addAndGet(queuedHere);
            topic.count(Topic.DELIVERIES, queuedHere);
        }
        if (skippedHere != 0) {
            skipped.addAndGet(skippedHere);
            topic.count(Topic.SKIPPED, skippedHere);
        }
        if (closedHere != 0) {
            closed.addAndGet(closedHere);
            topic.count(Topic.CLOSED, closedHere);
        }
        countDown();
    }

    private void countDown() {
        if (pending.decrementAndGet() == 0) {
            message.letGo(); // the last queue to finish with each frame gives its bytes back
            future.complete(new PublishResult(queued.get(), skipped.get(), closed.get()));
        }
    }
}
