package dev.weft.protocol.http;

/**
 * Bounds on an HTTP/1.1 head, so that a peer cannot make the parser buffer without end.
 *
 * @param maxHeadSize   the whole head, request line to the empty line, in bytes (default 8 KiB,
 *                      what most servers accept and far more than a browser's upgrade sends)
 * @param maxHeaders    header lines (default 100; ws crashed on too many, CVE-2024-37890)
 * @param maxLineLength one line, in bytes (default 8 KiB, i.e. bounded by the head size)
 */
public record HeadLimits(int maxHeadSize, int maxHeaders, int maxLineLength) {
    /** 8 KiB head, 100 headers, 8 KiB lines. */
    public static final HeadLimits DEFAULTS = new HeadLimits(8192, 100, 8192);

    /**
     * Validates the limits.
     *
     * @param maxHeadSize the most bytes the whole head may take, the empty line included
     * @param maxHeaders the most header lines
     * @param maxLineLength the most bytes in one line, the request or status line included
     */
    public HeadLimits {
        if (maxHeadSize < 64 || maxHeaders < 1 || maxLineLength < 16) {
            throw new IllegalArgumentException("head limits too small: " + maxHeadSize + ", " + maxHeaders
                    + ", " + maxLineLength);
        }
    }
}
