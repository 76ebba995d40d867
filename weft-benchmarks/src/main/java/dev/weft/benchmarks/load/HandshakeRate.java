package dev.weft.benchmarks.load;

import java.time.Duration;

/**
 * Handshakes per second: a fixed number of clients ({@link NativeLoad wsload}), each opening a
 * connection, completing the upgrade (status 101 and the right accept value), closing it with
 * the closing handshake (code 1000 echoed, then the server's end of the TCP connection), and
 * starting again at once. A cycle that fails in any way, or takes over two seconds, counts as a
 * wrong reply.
 */
public final class HandshakeRate implements Scenario {
    private final int concurrency;
    private final Duration measure;

    /**
     * @param concurrency clients cycling at once
     * @param measure     how long to measure, after a warm-up of the same load
     */
    public HandshakeRate(int concurrency, Duration measure) {
        this.concurrency = concurrency;
        this.measure = measure;
    }

    @Override
    public String name() {
        return "handshakes";
    }

    @Override
    public String description() {
        return "connections opened, upgraded and closed per second, " + concurrency + " at a time";
    }

    @Override
    public Measurement run(Target target) throws Exception {
        Window window = NativeLoad.handshakes(target, concurrency, measure);
        return new Measurement(window.rateAndCpu("handshakes/s", "server CPU µs/handshake"),
                window.mismatches() + window.emptyPenalty());
    }
}
