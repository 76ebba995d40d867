package dev.weft.testing;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's microsocks, a real SOCKS5 server, for a test: on a free loopback port, with or
 * without a username and password; ended on close.
 */
public final class Microsocks implements AutoCloseable {
    private static final String PROGRAM = "/usr/bin/microsocks";
    private final PeerProcess process;
    private final int port;

    private Microsocks(PeerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts one and waits until it accepts connections.
     *
     * @param userAndPassword {@code user:password}, or null for no authentication
     */
    public static Microsocks start(String userAndPassword) throws Exception {
        int port = RedisProcess.freePort();
        List<String> cmd = new ArrayList<>(List.of(PROGRAM, "-i", "127.0.0.1", "-p", String.valueOf(port)));
        if (userAndPassword != null) {
            int colon = userAndPassword.indexOf(':');
            cmd.addAll(List.of("-u", userAndPassword.substring(0, colon), "-P", userAndPassword.substring(colon + 1)));
        }
        PeerProcess p = PeerProcess.start(cmd.toArray(new String[0]));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new Microsocks(p, port);
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline || !p.alive()) {
                    p.close();
                    throw new IllegalStateException("microsocks did not listen on " + port + ":\n" + p.output());
                }
                Thread.sleep(20);
            }
        }
    }

    /** Its port. */
    public int port() {
        return port;
    }

    /** What it printed. */
    public String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}
