package dev.weft.internal.transport;

import dev.weft.testing.ManualTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Timers fire when the loop's clock passes their deadline; cancelled ones do not pile up in the heap. */
class EventLoopTimersTest {
    private final ManualTicker clock = new ManualTicker();
    private final EventLoop loop = new EventLoop("timers-test", 0, clock);

    EventLoopTimersTest() {
        loop.start();
    }

    @AfterEach
    void stop() {
        loop.shutdown();
    }

    private <T> T onLoop(Supplier<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(work.get()));
        return f.get(5, TimeUnit.SECONDS);
    }

    @Test
    void cancelledTimeoutsArePurgedLongBeforeTheirDeadline() throws Exception {
        int heap = onLoop(() -> {
            for (int i = 0; i < 100_000; i++) {
                loop.schedule(TimeUnit.HOURS.toNanos(1), () -> { }).cancel();
            }
            return loop.timerHeapSize();
        });
        assertThat(heap).isLessThanOrEqualTo(65);
    }

    @Test
    void liveTimersSurviveAPurgeAndFire() throws Exception {
        CountDownLatch fired = new CountDownLatch(10);
        onLoop(() -> {
            List<Timer> doomed = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                if (i % 100 == 0) {
                    loop.schedule(TimeUnit.MILLISECONDS.toNanos(50), fired::countDown);
                }
                doomed.add(loop.schedule(TimeUnit.HOURS.toNanos(1), () -> { }));
            }
            doomed.forEach(Timer::cancel);
            return null;
        });
        clock.advance(java.time.Duration.ofMillis(50));
        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(onLoop(loop::timerHeapSize)).isZero();
    }

    @Test
    void aTimerFiresOnceTheClockPassesItsDeadlineAndNotBefore() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        onLoop(() -> loop.schedule(TimeUnit.SECONDS.toNanos(30), fired::countDown));
        clock.advance(java.time.Duration.ofSeconds(29));
        // A task queued after the advance runs in a later turn than the timer check of the turn
        // that saw the advance, so by then a due timer would have fired.
        onLoop(() -> null);
        onLoop(() -> null);
        assertThat(fired.getCount()).as("29 s into a 30 s timer").isEqualTo(1);
        clock.advance(java.time.Duration.ofSeconds(1));
        assertThat(fired.await(5, TimeUnit.SECONDS)).as("at 30 s").isTrue();
    }

    @Test
    void cancellingATimerThatFiredCountsNothing() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        Timer done = onLoop(() -> loop.schedule(0, fired::countDown));
        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        int heap = onLoop(() -> {
            done.cancel();
            for (int i = 0; i < 10; i++) {
                loop.schedule(TimeUnit.HOURS.toNanos(1), () -> { });
            }
            for (int i = 0; i < 64; i++) {
                loop.schedule(TimeUnit.HOURS.toNanos(1), () -> { }).cancel();
            }
            return loop.timerHeapSize();
        });
        // 64 cancelled is not over the purge threshold (more than 64, and more than half the
        // heap), so nothing is purged; had the fired timer's cancel counted, it would have been.
        assertThat(heap).isEqualTo(74);
    }
}
