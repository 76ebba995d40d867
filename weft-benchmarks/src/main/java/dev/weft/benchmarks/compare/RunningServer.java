package dev.weft.benchmarks.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A server process this run started, ready once it has printed {@code listening PORT}. */
final class RunningServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private RunningServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code command} and waits (up to 30 s) for its port. */
    static RunningServer start(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder seen = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("listening ")) {
                        port.complete(Integer.parseInt(line.substring(10).trim()));
                    } else {
                        synchronized (seen) {
                            if (seen.length() < 8192) {
                                seen.append(line).append('\n');
                            }
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process ended; its exit is noticed below
            }
            port.completeExceptionally(new IOException("exited before listening: " + command));
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new RunningServer(p, port.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            synchronized (seen) {
                throw new IOException("server did not start: " + command + "\n" + seen, e);
            }
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Stops it (SIGTERM, then SIGKILL after 5 s) and waits for it to be gone. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
