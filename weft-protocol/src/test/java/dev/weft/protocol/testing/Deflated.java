package dev.weft.protocol.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;

/** Compressed messages as a permessage-deflate peer sends them, made with the JDK's own zlib. */
public final class Deflated {
    private Deflated() {
    }

    /**
     * {@code message} through {@code deflater} (raw, so its context carries over between calls as
     * with context takeover), sync-flushed, without the {@code 00 00 ff ff} that ends the flush
     * (RFC 7692 §7.2.1).
     */
    public static byte[] message(Deflater deflater, byte[] message) {
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length || !deflater.needsInput());
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, Math.max(0, all.length - 4));
    }

    /** {@code message} compressed on its own, with a fresh context. */
    public static byte[] message(byte[] message) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            return message(d, message);
        } finally {
            d.end();
        }
    }
}
