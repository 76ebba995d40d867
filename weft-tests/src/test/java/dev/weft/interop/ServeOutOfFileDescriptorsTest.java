package dev.weft.interop;

import dev.weft.testing.PeerProcess;
import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code weft serve} run out of file descriptors ({@code ulimit -n 200}, then 300 connections
 * held open): accept fails, and the listener stops accepting for a second at a time instead of
 * spinning on a socket that stays ready. One line says so (the JDK's log formatter itself fails
 * then, so the line comes through stderr), the process stays nearly idle, and once the
 * connections close the server answers again.
 */
class ServeOutOfFileDescriptorsTest {
    private static final Path CLI_JAR = Path.of(System.getProperty("user.dir")).resolveSibling("weft-cli")
            .resolve("target").resolve("weft.jar");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final int HELD = 300;
    /** Clock ticks per second of /proc/PID/stat on Linux. */
    private static final int TICKS_PER_SECOND = 100;

    @Test
    void acceptFailuresPauseTheListenerLogOnceAndTheServerRecovers() throws Exception {
        try (PeerProcess serve = PeerProcess.start("bash", "-c", "ulimit -n 200 && exec \"$0\" -jar \"$1\" serve --port 0",
                JAVA, CLI_JAR.toString())) {
            String line = serve.awaitLine(l -> l.startsWith("weft serve: listening on ws://"), 30);
            String hostPort = line.substring("weft serve: listening on ws://".length()).split(" ")[0];
            int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
            assertThat(httpStatusLine(port)).startsWith("HTTP/1.1 200");

            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < HELD; i++) {
                    held.add(new Socket("127.0.0.1", port));
                }
                serve.awaitPrinted(l -> l.contains("accept failed; not accepting for 1000 ms"), 15);
                long before = cpuTicks(serve.pid());
                Thread.sleep(2000); // a window to measure the server's CPU in, not a timeout
                long used = cpuTicks(serve.pid()) - before;
                assertThat(used).as("server CPU ticks over 2 s while out of descriptors (spinning would be ~%d)",
                        2 * TICKS_PER_SECOND).isLessThan(TICKS_PER_SECOND / 2);
                assertThat(serve.output().lines().filter(l -> l.contains("accept failed")).count())
                        .as("the repeats are at DEBUG").isEqualTo(1);
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }

            try (WebSocketClient client = WebSocketClient.create()) {
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(echo(client, port)).isEqualTo("still here"));
            }
            assertThat(serve.alive()).isTrue();
        }
    }

    private static String echo(WebSocketClient client, int port) throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + port + "/echo"), new WebSocketListener() {
            @Override
            public void onText(WebSocket socket, String text) {
                reply.complete(text);
            }
        }).get(5, TimeUnit.SECONDS);
        ws.sendText("still here");
        try {
            return reply.get(5, TimeUnit.SECONDS);
        } finally {
            ws.close();
        }
    }

    private static String httpStatusLine(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(15);
            return new String(head, StandardCharsets.US_ASCII);
        }
    }

    /** User plus system CPU time of a process, in clock ticks. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
