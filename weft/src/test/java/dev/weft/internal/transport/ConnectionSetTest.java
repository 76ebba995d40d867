package dev.weft.internal.transport;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's set of open connections keeps every add and remove made from many threads at once. */
class ConnectionSetTest {
    @Test
    void addsAndRemovesFromManyThreadsAreAllKept() throws Exception {
        ConnectionSet<Object> set = new ConnectionSet<>();
        int threads = 4;
        int each = 5_000;
        List<List<Object>> kept = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Object> mine = new ArrayList<>();
            kept.add(mine);
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    Object connection = new Object();
                    set.add(connection);
                    if (i % 2 == 0) {
                        set.remove(connection); // opened and closed again
                    } else {
                        mine.add(connection);
                    }
                    if (i % 100 == 0) {
                        assertThat(set.snapshot()).doesNotContainNull(); // a reader racing the writers
                    }
                }
            });
            workers.add(w);
            w.start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        HashSet<Object> expected = new HashSet<>();
        kept.forEach(expected::addAll);
        assertThat(set.size()).isEqualTo(threads * each / 2);
        assertThat(new HashSet<>(set.snapshot())).isEqualTo(expected);
        for (Object connection : expected) {
            set.remove(connection);
        }
        assertThat(set.isEmpty()).isTrue();
        assertThat(set.snapshot()).isEmpty();
    }
}
