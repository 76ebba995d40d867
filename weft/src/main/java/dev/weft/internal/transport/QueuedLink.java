package dev.weft.internal.transport;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * What every link has in common, whatever carries its bytes: the stage that hears them, the
 * bytes a stage left unread, and the output queue flushed once per loop turn, with each send's
 * future settled when its last byte is written. Subclasses read, flush and close their own way.
 * Loop thread only.
 */
abstract class QueuedLink extends Settlement implements Link, EventLoop.Flushable {
    /**
     * How long a link that has said all it will say (its close frame or error answer is out)
     * goes on reading and dropping the peer's input before it closes anyway. Closing with unread
     * input makes the kernel send a reset, which can destroy what was just written before the
     * peer reads it, and fails the peer's own writes.
     */
    static final long LINGER_NANOS = 2_000_000_000L;

    final EventLoop loop;
    /**
     * Bytes the stage left unread (reading was paused, or a decision is pending), copied out of
     * the buffer they were lent in and offered again, first, when reading resumes; null while
     * there are none (kept here rather than in an object of their own: an idle connection pays
     * one field).
     */
    private ByteBuffer unread;
    Link.Stage stage;
    /** Whether the link is on the loop's list to flush at the end of this turn. */
    boolean dirty;
    boolean closed;

    QueuedLink(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    final WriteQueue.Scratch scratch() {
        return loop.writeScratch;
    }

    @Override
    final dev.weft.protocol.BufferPool pool() {
        return loop.bufferPool;
    }

    @Override
    public final EventLoop loop() {
        return loop;
    }

    @Override
    public final void stage(Link.Stage next) {
        this.stage = next;
    }

    /** Queues bytes; {@code fromPool} buffers go back to the loop's pool once written. */
    @Override
    public final void write(ByteBuffer buffer, boolean fromPool) {
        if (closed) {
            if (fromPool) {
                loop.bufferPool.release(buffer);
            }
            return;
        }
        add(buffer, fromPool);
        markDirty();
    }

    /** Puts the link on the loop's list to flush at the end of this turn, once. */
    final void markDirty() {
        if (!dirty && !closed) {
            dirty = true;
            loop.markDirty(this);
        }
    }

    /** A mark to pass to {@link #attachToLast} after queuing a send's frames. */
    @Override
    public final int writeMark() {
        return count();
    }

    /** Ties a send's future and charge to its last queued buffer; completes it at once if nothing was queued. */
    @Override
    public final void attachToLast(int mark, CompletableFuture<Void> future, long charge, long held) {
        attach(closed, mark, future, charge, held);
        report(stage);
    }

    /** Keeps what {@code buf} still holds, after what was kept before. */
    final void keepUnread(ByteBuffer buf) {
        ByteBuffer copy = ByteBuffer.allocate(buf.remaining() + (unread == null ? 0 : unread.remaining()));
        if (unread != null) {
            copy.put(unread);
        }
        copy.put(buf).flip();
        unread = copy;
    }

    /** Whether no bytes are kept unread. */
    final boolean nothingUnread() {
        return unread == null;
    }

    /**
     * Offers what was kept unread to the stage, first.
     *
     * @return true if the stage took it all (nothing is kept now); false if some is still kept
     */
    final boolean offerUnread() {
        if (unread == null) {
            return true;
        }
        ByteBuffer pending = unread;
        unread = null;
        stage.onBytes(pending);
        if (pending.hasRemaining()) {
            unread = pending;
            return false;
        }
        return true;
    }

    /** Lets go of what was kept unread (the link closed). */
    final void dropUnread() {
        unread = null;
    }

    /** Bytes queued and not yet written. */
    @Override
    public final long queuedBytes() {
        return bytes();
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }
}
