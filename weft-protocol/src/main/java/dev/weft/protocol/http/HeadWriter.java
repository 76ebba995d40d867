package dev.weft.protocol.http;

/**
 * Serialises a start line and fields into the bytes of an HTTP/1.1 head, straight into one
 * exactly sized array (no intermediate text: this runs for every handshake).
 */
final class HeadWriter {
    private HeadWriter() {
    }

    /**
     * The head whose start line is {@code first SP second SP third}.
     * Every part is ISO-8859-1 text: field values were checked when added, and start-line parts
     * are tokens, a request target or a reason phrase.
     */
    static byte[] write(String first, String second, String third, HttpFields fields) {
        int length = first.length() + second.length() + third.length() + 4 + 2;
        for (int i = 0; i < fields.size(); i++) {
            length += fields.name(i).length() + fields.value(i).length() + 4;
        }
        byte[] out = new byte[length];
        int at = put(first, out, 0);
        out[at++] = ' ';
        at = put(second, out, at);
        out[at++] = ' ';
        at = put(third, out, at);
        at = crlf(out, at);
        for (int i = 0; i < fields.size(); i++) {
            at = put(fields.name(i), out, at);
            out[at++] = ':';
            out[at++] = ' ';
            at = put(fields.value(i), out, at);
            at = crlf(out, at);
        }
        crlf(out, at);
        return out;
    }

    @SuppressWarnings("deprecation") // exactly the ISO-8859-1 copy wanted, without an intermediate array
    private static int put(String s, byte[] out, int at) {
        s.getBytes(0, s.length(), out, at);
        return at + s.length();
    }

    private static int crlf(byte[] out, int at) {
        out[at] = '\r';
        out[at + 1] = '\n';
        return at + 2;
    }
}
