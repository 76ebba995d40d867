package dev.weft.internal.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * The open connections of a server, changed from every loop and read from any thread: an
 * {@link IdentitySet} under a lock, about eight bytes a connection, where a concurrent set
 * spends a 32-byte node on each (a third of what an idle connection cost above the JDK's own
 * socket). Connections are added and removed once each, so the lock is rarely contended; readers
 * take a snapshot and iterate it unlocked, and the size is read without the lock.
 *
 * @param <T> the connections' type
 */
final class ConnectionSet<T> {
    private final IdentitySet<T> members = new IdentitySet<>();
    private volatile int size;

    /** Adds {@code connection}. */
    synchronized void add(T connection) {
        members.add(connection);
        size = members.size();
    }

    /** Removes {@code connection}, if it is here. */
    synchronized void remove(T connection) {
        members.remove(connection);
        size = members.size();
    }

    /** How many connections are here, as of the last change. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The connections at this moment, to iterate while the set goes on changing. */
    synchronized List<T> snapshot() {
        List<T> out = new ArrayList<>(members.size());
        members.forEach(out::add);
        return out;
    }
}
