package dev.weft.internal.transport;

import java.nio.ByteBuffer;

/**
 * Bytes a link's stage left unread (reading was paused, or a decision is pending), copied out of
 * the buffer they were lent in and kept, in order, until reading resumes. Loop thread only.
 */
final class Leftover {
    private ByteBuffer bytes;

    /** Keeps what {@code buf} still holds, after what was kept before. */
    void keep(ByteBuffer buf) {
        ByteBuffer copy = ByteBuffer.allocate(buf.remaining() + (bytes == null ? 0 : bytes.remaining()));
        if (bytes != null) {
            copy.put(bytes);
        }
        copy.put(buf).flip();
        bytes = copy;
    }

    boolean isEmpty() {
        return bytes == null;
    }

    /**
     * Offers what was kept to {@code stage}, first.
     *
     * @return true if the stage took it all (nothing is kept now); false if some is still kept
     */
    boolean offerTo(Link.Stage stage) {
        if (bytes == null) {
            return true;
        }
        ByteBuffer pending = bytes;
        bytes = null;
        stage.onBytes(pending);
        if (pending.hasRemaining()) {
            bytes = pending;
            return false;
        }
        return true;
    }

    /** Lets go of what was kept (the link closed). */
    void clear() {
        bytes = null;
    }
}
