package dev.weft.protocol.testing;

import dev.weft.protocol.MemoryBudget;

/**
 * A memory budget whose free bytes the test sets (or grants, a few at a time, with
 * {@link #feed}): it records what it lent, the most it ever lent at once, and its refusals.
 */
public final class ScriptedBudget implements MemoryBudget {
    /** Bytes it can still lend. */
    public long available;
    /** Bytes lent and not given back. */
    public long held;
    /** The most it had lent at once. */
    public long peak;
    /** How many requests it refused. */
    public int refusals;

    @Override
    public boolean tryReserve(long bytes) {
        if (bytes > available) {
            refusals++;
            return false;
        }
        available -= bytes;
        held += bytes;
        peak = Math.max(peak, held);
        return true;
    }

    @Override
    public void release(long bytes) {
        held -= bytes;
        available += bytes;
        if (held < 0) {
            throw new AssertionError("given back more than was taken: " + held);
        }
    }

    /**
     * Feeds {@code wire} to {@code conn} in reads of {@code readSize} as the transport does:
     * bytes left unread are kept and offered again, and while the connection waits for memory,
     * {@code grant} more bytes are made available before each retry.
     *
     * @return how many times the connection had to wait
     * @throws AssertionError if input is left unread while the connection is not waiting, or if
     *                        it makes no progress however much it is granted
     */
    public int feed(dev.weft.protocol.ProtocolConnection conn, byte[] wire, int readSize, long grant) {
        int waits = 0;
        java.nio.ByteBuffer unread = java.nio.ByteBuffer.allocate(0);
        int at = 0;
        while (at < wire.length || unread.hasRemaining() || conn.isWaitingForMemory()) {
            if (conn.isWaitingForMemory()) {
                available += grant;
                if (++waits > 10_000_000) {
                    throw new AssertionError("no progress while waiting for memory");
                }
                if (!conn.retryAfterMemory()) {
                    continue;
                }
            }
            int n = Math.min(readSize, wire.length - at);
            java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(unread.remaining() + n);
            in.put(unread).put(wire, at, n).flip();
            at += n;
            conn.receive(in);
            unread = in;
            if (in.hasRemaining() && !conn.isWaitingForMemory()) {
                throw new AssertionError("input left unread without waiting for memory");
            }
        }
        return waits;
    }
}
