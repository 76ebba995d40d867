package dev.weft.protocol.deflate;

import java.util.zip.Inflater;

/**
 * The last {@code 2^bits} bytes a peer's compressed messages inflated to, kept between messages
 * when the peer keeps its context with a window below 15 bits: the next message may refer back
 * that far and no farther. Each message borrows a zlib context from the pool and is given these
 * bytes as its preset dictionary, so an idle connection holds {@code 2^bits} bytes of heap
 * instead of a zlib inflater's 32 KiB window and 7 KiB of state. A reference beyond them fails
 * to inflate (1007): the peer used a larger window than it agreed to.
 */
final class InflateWindow {
    private final byte[] bytes;
    private int length;

    /** @param bits the peer's window, 8 to 14 */
    InflateWindow(int bits) {
        this.bytes = new byte[1 << bits];
    }

    /** Gives a fresh inflater what earlier messages left, for the next message to refer back to. */
    void prime(Inflater inflater) {
        if (length > 0) {
            inflater.setDictionary(bytes, 0, length);
        }
    }

    /** Keeps the newest bytes of the inflated output. */
    void append(byte[] from, int offset, int n) {
        int cap = bytes.length;
        if (n >= cap) {
            System.arraycopy(from, offset + n - cap, bytes, 0, cap);
            length = cap;
            return;
        }
        int keep = Math.min(length, cap - n);
        System.arraycopy(bytes, length - keep, bytes, 0, keep);
        System.arraycopy(from, offset, bytes, keep, n);
        length = keep + n;
    }
}
