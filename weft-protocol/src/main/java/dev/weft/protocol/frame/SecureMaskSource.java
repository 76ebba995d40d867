package dev.weft.protocol.frame;

import java.security.SecureRandom;

/**
 * Masking keys from {@link SecureRandom}, fetched 1 KiB at a time so that the cost of the
 * strong generator is paid once per 256 frames. The default {@code SecureRandom} reads the
 * operating system's non-blocking source; {@code getInstanceStrong()} could block and is not
 * used.
 *
 * <p>Not thread-safe: give each event loop its own.
 */
public final class SecureMaskSource implements MaskSource {
    private static final int KEYS_PER_REFILL = 256;

    private final SecureRandom random;
    private final byte[] block = new byte[KEYS_PER_REFILL * 4];
    private int next = block.length;

    /** A source seeded by the platform's default {@link SecureRandom}. */
    public SecureMaskSource() {
        this(new SecureRandom());
    }

    /**
     * A source drawing from {@code random}.
     *
     * @param random the generator to draw keys from, in blocks
     */
    public SecureMaskSource(SecureRandom random) {
        this.random = random;
    }

    @Override
    public int nextMask() {
        if (next == block.length) {
            random.nextBytes(block);
            next = 0;
        }
        int key = ((block[next] & 0xFF) << 24) | ((block[next + 1] & 0xFF) << 16)
                | ((block[next + 2] & 0xFF) << 8) | (block[next + 3] & 0xFF);
        next += 4;
        return key;
    }
}
