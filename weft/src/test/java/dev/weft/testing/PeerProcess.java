package dev.weft.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A peer program (node, python, chromium, the weft command) run for a test: its output lines
 * are collected as they come, and it is ended, with every process it started, on close.
 */
public final class PeerProcess implements AutoCloseable {
    /**
     * The peers' folder: weft-tests/peers, with its node_modules installed by
     * bin/install-test-deps; found from weft-tests itself or from a sibling module.
     */
    public static final Path PEERS = peersFolder();

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
    private final String name;
    private final Thread reader;

    private PeerProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                    fresh.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "peer-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} in the peers folder, stderr merged into stdout. */
    public static PeerProcess start(String... command) throws IOException {
        requireTool(command[0]);
        ProcessBuilder pb = new ProcessBuilder(command).directory(PEERS.toFile()).redirectErrorStream(true);
        return new PeerProcess(new File(command[0]).getName(), pb.start());
    }

    private static Path peersFolder() {
        Path here = Path.of(System.getProperty("user.dir"));
        Path own = here.resolve("peers");
        return Files.exists(own.resolve("package.json")) ? own : here.resolveSibling("weft-tests").resolve("peers");
    }

    /** Fails the test, loudly, when a tool the test needs is missing: no silent skips. */
    public static void requireTool(String tool) {
        if (tool.contains("/")) {
            assertThat(Path.of(tool)).as(tool + " is required; run bin/install-test-deps").exists();
            return;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        fail(tool + " is required on the PATH for this test; run bin/install-test-deps");
    }

    /** Waits for an output line that {@code match} accepts and returns it. */
    public String awaitLine(Predicate<String> match, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = fresh.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (line != null && match.test(line)) {
                return line;
            }
            if (line == null) {
                fail(name + " printed no matching line within " + seconds + " s; output:\n" + output());
            }
        }
    }

    /**
     * Waits until any line printed so far, including lines an earlier {@link #awaitLine} passed
     * over, matches; for output whose order against other lines is not fixed.
     */
    public String awaitPrinted(Predicate<String> match, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (lines) {
            int checked = 0;
            while (true) {
                for (; checked < lines.size(); checked++) {
                    if (match.test(lines.get(checked))) {
                        return lines.get(checked);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail(name + " printed no matching line within " + seconds + " s; output:\n" + String.join("\n", lines));
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    /** Waits for the process to end and returns its exit status. */
    public int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            fail(name + " did not finish within " + seconds + " s; output:\n" + output());
        }
        // The process has ended, but its last lines may still be on their way through the reader.
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /** The process's standard input, to talk to it. */
    public java.io.OutputStream stdin() {
        return process.getOutputStream();
    }

    /** The process's id (the program itself when a shell {@code exec}s it). */
    public long pid() {
        return process.pid();
    }

    /** Whether the process is still running. */
    public boolean alive() {
        return process.isAlive();
    }

    /** Everything printed so far. */
    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
