package dev.weft.protocol.internal.text;

import java.nio.ByteBuffer;

/**
 * Encodes Java text as UTF-8 straight into a buffer, without the intermediate byte array of
 * {@code String.getBytes}. Unlike {@code getBytes}, it refuses an unpaired surrogate instead
 * of sending a question mark: a text frame must carry exactly the text the caller gave.
 */
public final class Utf8Encoder {
    private Utf8Encoder() {
    }

    /**
     * The number of bytes {@code text} takes in UTF-8.
     *
     * @throws IllegalArgumentException if the text holds an unpaired surrogate
     */
    public static int encodedLength(CharSequence text) {
        int n = text.length();
        long bytes = n;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == n || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    throw new IllegalArgumentException("unpaired surrogate at index " + i);
                }
                bytes += 2; // two chars, four bytes
                i++;
            } else {
                bytes += 2;
            }
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("text too long for one buffer");
        }
        return (int) bytes;
    }

    /**
     * Writes {@code text}, whose UTF-8 length {@link #encodedLength} measured as
     * {@code encodedLength}, at {@code dst}'s position, advancing it. Text whose UTF-8 length is
     * its length in chars is ASCII: a String of it is copied in bulk rather than char by char.
     */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): the one allocation-free bulk copy of a String's low bytes
    public static void encode(CharSequence text, int encodedLength, ByteBuffer dst) {
        if (text instanceof String s && encodedLength == s.length() && dst.hasArray()) {
            int p = dst.position();
            s.getBytes(0, encodedLength, dst.array(), dst.arrayOffset() + p);
            dst.position(p + encodedLength);
            return;
        }
        encode(text, dst);
    }

    /**
     * Writes {@code text} as UTF-8 at {@code dst}'s position, advancing it. The caller has checked
     * the text with {@link #encodedLength} and made room for that many bytes.
     */
    public static void encode(CharSequence text, ByteBuffer dst) {
        int n = text.length();
        int i = 0;
        if (dst.hasArray()) {
            byte[] a = dst.array();
            int p = dst.arrayOffset() + dst.position();
            for (; i < n; i++) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    break;
                }
                a[p++] = (byte) c;
            }
            dst.position(p - dst.arrayOffset());
        }
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                dst.put((byte) c);
            } else if (c < 0x800) {
                dst.put((byte) (0xC0 | (c >> 6)));
                dst.put((byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                dst.put((byte) (0xF0 | (cp >> 18)));
                dst.put((byte) (0x80 | ((cp >> 12) & 0x3F)));
                dst.put((byte) (0x80 | ((cp >> 6) & 0x3F)));
                dst.put((byte) (0x80 | (cp & 0x3F)));
            } else {
                dst.put((byte) (0xE0 | (c >> 12)));
                dst.put((byte) (0x80 | ((c >> 6) & 0x3F)));
                dst.put((byte) (0x80 | (c & 0x3F)));
            }
        }
    }
}
