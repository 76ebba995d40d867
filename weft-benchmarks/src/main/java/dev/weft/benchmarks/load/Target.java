package dev.weft.benchmarks.load;

import java.net.URI;

/**
 * The server a scenario runs against.
 *
 * @param base          its address, such as {@code ws://127.0.0.1:8080}; scenarios add the path
 * @param pid           its process id, for CPU time and memory from {@code /proc}; -1 if unknown
 * @param broadcastPath the path on which it broadcasts ({@code /broadcast} by the servers' contract)
 */
public record Target(URI base, long pid, String broadcastPath) {
    /** A server at {@code base} with the usual broadcast path. */
    public static Target at(URI base, long pid) {
        return new Target(base, pid, "/broadcast");
    }

    /** The address of {@code path} on this server. */
    public URI uri(String path) {
        return base.resolve(path);
    }
}
