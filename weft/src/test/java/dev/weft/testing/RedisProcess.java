package dev.weft.testing;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * A real redis-server for a test, on a free loopback port, keeping nothing on disk. It can be
 * killed and started again on the same port, and frozen (SIGSTOP: the kernel still accepts
 * connections, Redis answers nothing) and thawed.
 */
public final class RedisProcess implements AutoCloseable {
    static final String REDIS_SERVER = "/usr/bin/redis-server";
    public final int port;
    private PeerProcess process;

    private RedisProcess(int port) {
        this.port = port;
    }

    public static RedisProcess start() throws Exception {
        RedisProcess r = new RedisProcess(freePort());
        r.restart();
        return r;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it (again) on its port and waits until it accepts connections. */
    public void restart() throws Exception {
        process = PeerProcess.start(REDIS_SERVER, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--protected-mode", "no", "--loglevel", "notice");
        process.awaitLine(line -> line.contains("Ready to accept connections"), 20);
    }

    /** Ends it at once (SIGKILL): connections drop, pub/sub state is gone. */
    public void kill() {
        process.close();
    }

    /** Stops it answering while its port keeps accepting (SIGSTOP). */
    public void freeze() throws Exception {
        signal("-STOP");
    }

    /** Lets it answer again (SIGCONT). */
    public void thaw() throws Exception {
        signal("-CONT");
    }

    private void signal(String which) throws Exception {
        Process kill = new ProcessBuilder("kill", which, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + which + " " + process.pid() + " failed");
        }
    }

    @Override
    public void close() throws Exception {
        thaw();
        process.close();
    }
}
