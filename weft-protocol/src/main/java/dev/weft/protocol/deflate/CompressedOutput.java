package dev.weft.protocol.deflate;

import java.nio.ByteBuffer;
import java.util.zip.Deflater;

/**
 * What zlib produces for one part of a message, gathered into a buffer of its own; for a
 * message's last part, without the {@code 00 00 ff ff} that ends a flush (RFC 7692 §7.2.1).
 */
final class CompressedOutput {
    private ByteBuffer result;

    /** Runs the deflater with {@code flush} until it has taken all its input and given all its output. */
    void drain(Deflater deflater, byte[] scratch, int flush) {
        while (true) {
            int n = deflater.deflate(scratch, 0, scratch.length, flush);
            if (n == 0 && deflater.needsInput()) {
                return;
            }
            if (result == null) {
                result = ByteBuffer.allocate(Math.max(n * 2, 64));
            } else if (result.remaining() < n) {
                result = ByteBuffer.allocate(Math.max(result.capacity() * 2, result.position() + n)).put(result.flip());
            }
            result.put(scratch, 0, n);
            if (n < scratch.length && deflater.needsInput()) {
                return;
            }
        }
    }

    /** The bytes gathered; for the last part, with the flush's tail taken off. */
    ByteBuffer finish(boolean last) {
        ByteBuffer r = result == null ? ByteBuffer.allocate(0) : result.flip();
        if (last) {
            int end = r.limit();
            if (end >= 4 && r.get(end - 4) == 0 && r.get(end - 3) == 0
                    && r.get(end - 2) == (byte) 0xff && r.get(end - 1) == (byte) 0xff) {
                r.limit(end - 4);
            }
            if (!r.hasRemaining()) {
                // Nothing new to flush (an empty message with the context kept): §7.2.3.6 sends a
                // single 0x00, which with the receiver's appended tail is an empty stored block.
                r = ByteBuffer.wrap(new byte[] {0x00});
            }
        }
        return r;
    }
}
