package dev.weft.internal.transport;

/**
 * A connection's dealings with the {@link MemoryLedger}, made the first time it is refused
 * memory (most connections never are, and pay one null field for the feature). Loop thread
 * only.
 */
final class MemoryWait {
    /** The ledger's {@linkplain MemoryLedger#releases() release count} read just before the last refusal. */
    long refusedAfter;
    /** Whether the connection is stopped, waiting for inbound memory. */
    boolean waiting;
    /** Closes the connection with 1013 if it waits too long; null while not waiting. */
    Timer deadline;
    /** Whether an inbound refusal was already logged for this connection. */
    boolean inboundLogged;
}
