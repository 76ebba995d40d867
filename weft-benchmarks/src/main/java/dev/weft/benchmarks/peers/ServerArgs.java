package dev.weft.benchmarks.peers;

/**
 * The command line every benchmark echo server takes: {@code [PORT] [--deflate]}. Port 0 (the
 * default) picks a free one; {@code --deflate} accepts permessage-deflate when a client offers it.
 *
 * <p>Every server in this package keeps one contract, so the load generator treats them alike:
 * it listens on 127.0.0.1, prints {@code listening PORT} once ready, echoes every text and binary
 * message on any path, and on {@code /broadcast} sends each message it receives to every
 * connection on {@code /broadcast}, written the way the library's documentation suggests.
 *
 * @param port    the port to listen on
 * @param deflate whether to accept permessage-deflate
 */
public record ServerArgs(int port, boolean deflate) {
    /** Reads {@code [PORT] [--deflate]}. */
    public static ServerArgs parse(String[] args) {
        int port = 0;
        boolean deflate = false;
        for (String a : args) {
            if (a.equals("--deflate")) {
                deflate = true;
            } else {
                port = Integer.parseInt(a);
            }
        }
        return new ServerArgs(port, deflate);
    }

    /** Prints the line the load generator waits for. */
    public static void announce(int port) {
        System.out.println("listening " + port);
        System.out.flush();
    }
}
