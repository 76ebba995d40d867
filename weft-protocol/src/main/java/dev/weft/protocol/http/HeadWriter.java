package dev.weft.protocol.http;

import java.nio.charset.StandardCharsets;

/** Serialises a start line and fields into the bytes of an HTTP/1.1 head. */
final class HeadWriter {
    private HeadWriter() {
    }

    static byte[] write(String startLine, HttpFields fields) {
        StringBuilder sb = new StringBuilder(startLine.length() + 32 * (fields.size() + 1));
        sb.append(startLine).append("\r\n");
        for (HttpFields.Field f : fields.asList()) {
            sb.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
