package dev.weft.interop;

import dev.weft.testing.PeerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's tinyproxy, an HTTP proxy we did not write, run in the foreground on a free loopback
 * port with a configuration made for the test: optionally requiring Basic credentials, and
 * optionally allowing CONNECT to one port only (so any other is refused with 403).
 */
final class TinyProxy implements AutoCloseable {
    private static final String TINYPROXY = "/usr/bin/tinyproxy";
    private final PeerProcess process;
    private final int port;

    private TinyProxy(PeerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param credentials "user:password" to require, or null
     * @param onlyPort    the one port CONNECT may reach, or 0 for any
     */
    static TinyProxy start(String credentials, int onlyPort) throws Exception {
        PeerProcess.requireTool(TINYPROXY);
        int port = freePort();
        List<String> conf = new ArrayList<>(List.of("Port " + port, "Listen 127.0.0.1", "Timeout 30", "MaxClients 50",
                "Allow 127.0.0.1", "LogLevel Info"));
        if (credentials != null) {
            String[] up = credentials.split(":", 2);
            conf.add("BasicAuth " + up[0] + " " + up[1]);
        }
        if (onlyPort != 0) {
            conf.add("ConnectPort " + onlyPort);
        }
        Path file = Files.createTempFile("tinyproxy", ".conf");
        Files.write(file, conf);
        file.toFile().deleteOnExit();
        PeerProcess p = PeerProcess.start(TINYPROXY, "-d", "-c", file.toString());
        TinyProxy proxy = new TinyProxy(p, port);
        proxy.awaitListening();
        return proxy;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        fail("tinyproxy did not listen on " + port + " within 20 s; output:\n" + process.output());
    }

    int port() {
        return port;
    }

    /** Everything tinyproxy logged so far. */
    String log() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}
