package dev.weft.protocol.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds frame bytes by hand, including frames no correct encoder would write: any opcode,
 * RSV bits, a length encoding that lies, a chosen masking key.
 */
public final class RawFrame {
    private boolean fin = true;
    private int rsv;
    private int opcode;
    private byte[] payload = new byte[0];
    private Integer maskKey;
    private int lengthBytes = -1; // -1: minimal encoding
    private Long lengthOverride;

    private RawFrame(int opcode) {
        this.opcode = opcode;
    }

    public static RawFrame text(String s) {
        return new RawFrame(0x1).payload(s.getBytes(StandardCharsets.UTF_8));
    }

    public static RawFrame binary(byte[] b) {
        return new RawFrame(0x2).payload(b);
    }

    public static RawFrame continuation(byte[] b) {
        return new RawFrame(0x0).payload(b);
    }

    public static RawFrame continuation(String s) {
        return continuation(s.getBytes(StandardCharsets.UTF_8));
    }

    public static RawFrame ping(byte[] b) {
        return new RawFrame(0x9).payload(b);
    }

    public static RawFrame pong(byte[] b) {
        return new RawFrame(0xA).payload(b);
    }

    public static RawFrame close(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        return new RawFrame(0x8).payload(p);
    }

    public static RawFrame closeEmpty() {
        return new RawFrame(0x8);
    }

    public static RawFrame opcode(int opcode) {
        return new RawFrame(opcode);
    }

    public RawFrame payload(byte[] p) {
        this.payload = p;
        return this;
    }

    public RawFrame fin(boolean f) {
        this.fin = f;
        return this;
    }

    public RawFrame rsv(int r) {
        this.rsv = r;
        return this;
    }

    /** Masks with this key (as a client must). */
    public RawFrame mask(int key) {
        this.maskKey = key;
        return this;
    }

    /** Encodes the length in 0 (7-bit), 2 or 8 extra bytes, whatever the payload size. */
    public RawFrame lengthBytes(int n) {
        this.lengthBytes = n;
        return this;
    }

    /** Claims this length in the header regardless of the payload actually attached. */
    public RawFrame claimLength(long length) {
        this.lengthOverride = length;
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        long len = lengthOverride != null ? lengthOverride : payload.length;
        int lb = lengthBytes >= 0 ? lengthBytes : len < 126 ? 0 : len <= 0xFFFF ? 2 : 8;
        int maskBit = maskKey != null ? 0x80 : 0;
        if (lb == 0) {
            out.write(maskBit | (int) len);
        } else if (lb == 2) {
            out.write(maskBit | 126);
            out.write((int) (len >> 8));
            out.write((int) len);
        } else {
            out.write(maskBit | 127);
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) (len >>> s));
            }
        }
        byte[] p = payload.clone();
        if (maskKey != null) {
            int k = maskKey;
            out.write(k >>> 24);
            out.write(k >>> 16);
            out.write(k >>> 8);
            out.write(k);
            for (int i = 0; i < p.length; i++) {
                p[i] ^= (byte) (k >>> (24 - 8 * (i & 3)));
            }
        }
        out.write(p, 0, p.length);
        return out.toByteArray();
    }

    /** Concatenates frames (or any byte arrays). */
    /** The frames, each masked with {@code key} (as a client sends them), one after another. */
    public static byte[] masked(int key, RawFrame... frames) {
        byte[][] parts = new byte[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            parts[i] = frames[i].mask(key).bytes();
        }
        return concat(parts);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    public static byte[] hex(String hex) {
        String h = hex.replace(" ", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
