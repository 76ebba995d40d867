package dev.weft.internal.transport;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where TLS handshakes' delegated tasks run (certificate path checks, key agreement): CPU work
 * that must not stall an event loop. One thread per core at most, let go when idle.
 */
final class TlsTasks {
    static final Executor EXECUTOR;

    static {
        int n = Runtime.getRuntime().availableProcessors();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "weft-tls-tasks");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        EXECUTOR = pool;
    }

    private TlsTasks() {
    }
}
