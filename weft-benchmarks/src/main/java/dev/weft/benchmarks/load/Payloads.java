package dev.weft.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Message bodies for the benchmarks: JSON event records (what applications send, and
 * compressible the way real traffic is, not a repeated character), as text or as binary. The
 * same size always gives the same bytes.
 */
public final class Payloads {
    private Payloads() {
    }

    /** {@code size} characters of JSON text (ASCII, so also {@code size} bytes). */
    public static String text(int size) {
        StringBuilder sb = new StringBuilder(size + 128);
        Random r = new Random(9);
        while (sb.length() < size) {
            sb.append("{\"id\":").append(r.nextInt(100000)).append(",\"user\":\"user").append(r.nextInt(1000))
                    .append("\",\"event\":\"click\",\"ts\":").append(1700000000000L + r.nextInt(1_000_000))
                    .append(",\"tags\":[\"a\",\"b\"]},");
        }
        return sb.substring(0, size);
    }

    /** {@code size} bytes of JSON. */
    public static byte[] binary(int size) {
        return text(size).getBytes(StandardCharsets.US_ASCII);
    }
}
