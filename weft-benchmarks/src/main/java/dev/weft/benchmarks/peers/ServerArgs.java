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
 * @param redis   for weft's topic server only: the Redis that joins it to other nodes
 *                ({@code --redis URI}), or null
 */
public record ServerArgs(int port, boolean deflate, String redis) {
    /** Reads {@code [PORT] [--deflate] [--redis URI]}. */
    public static ServerArgs parse(String[] args) {
        int port = 0;
        boolean deflate = false;
        String redis = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--deflate")) {
                deflate = true;
            } else if (args[i].equals("--redis")) {
                redis = args[++i];
            } else {
                port = Integer.parseInt(args[i]);
            }
        }
        return new ServerArgs(port, deflate, redis);
    }

    /** Prints the line the load generator waits for. */
    public static void announce(int port) {
        System.out.println("listening " + port);
        System.out.flush();
    }
}
