package dev.weft.protocol.http;

import java.util.Objects;

/**
 * The head of an HTTP/1.1 response: status line and fields.
 *
 * @param version the protocol version, such as {@code HTTP/1.1}
 * @param status  the three-digit status code
 * @param reason  the reason phrase, possibly empty
 * @param fields  the header fields
 */
public record ResponseHead(String version, int status, String reason, HttpFields fields) {
    /**
     * Checks the parts.
     *
     * @param version the HTTP version, such as {@code HTTP/1.1}
     * @param status the status code, 100–999
     * @param reason the reason phrase, possibly empty
     * @param fields the header fields
     */
    public ResponseHead {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(fields, "fields");
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status " + status);
        }
    }

    /**
     * A response head with the usual reason phrase for {@code status}.
     *
     * @param status the status code, 100–999
     * @param fields the header fields
     * @return an HTTP/1.1 response head
     */
    public static ResponseHead of(int status, HttpFields fields) {
        return new ResponseHead("HTTP/1.1", status, ReasonPhrases.of(status), fields);
    }

    /**
     * The head's bytes on the wire, ending with the empty line.
     *
     * @return a new array holding the status line, the fields and the empty line
     */
    public byte[] encode() {
        return HeadWriter.write(version, Integer.toString(status), reason, fields);
    }
}
