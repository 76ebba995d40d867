package dev.weft.protocol.http;

import dev.weft.protocol.internal.http.TokenLists;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An incremental, strict parser for one HTTP/1.1 request or response head (RFC 9112 §2–5).
 * Feed it bytes as they arrive; it stops right after the empty line that ends the head and
 * leaves the bytes behind it in the buffer, so a WebSocket frame that shares a read with the
 * head is not lost.
 *
 * <p>Strict where leniency has hidden request-smuggling and header-injection bugs: lines end
 * in CRLF (a bare CR or LF is refused), no whitespace between a field name and its colon, no
 * obsolete line folding, no control characters in values. Bounded by {@link HeadLimits}: the
 * head size, the number of fields and the length of a line. Every byte is looked at once, so
 * parsing is linear in the head's size.
 *
 * <p>Not thread-safe; one per head.
 */
public final class HttpHeadParser {
    private final boolean parsingRequest;
    private final HeadLimits limits;
    private static final int INITIAL_HEAD = 1024;
    private byte[] head;
    private int size;
    private int lineLength;
    private int lines;
    private boolean afterCr;
    private boolean done;
    private RequestHead request;
    private ResponseHead response;

    private HttpHeadParser(boolean parsingRequest, HeadLimits limits) {
        this.parsingRequest = parsingRequest;
        this.limits = limits;
    }

    /**
     * A parser for a request head, as a server reads it.
     *
     * @param limits the most the head may take
     * @return a new parser, waiting for the first byte of a request line
     */
    public static HttpHeadParser forRequest(HeadLimits limits) {
        return new HttpHeadParser(true, limits);
    }

    /**
     * A parser for a response head, as a client reads it.
     *
     * @param limits the most the head may take
     * @return a new parser, waiting for the first byte of a status line
     */
    public static HttpHeadParser forResponse(HeadLimits limits) {
        return new HttpHeadParser(false, limits);
    }

    /**
     * Consumes bytes from {@code in} up to the end of the head.
     *
     * <p>A head that arrives whole in one heap buffer (the usual case) is parsed where it lies;
     * only a head split over several reads is copied, into a buffer of the parser's own that
     * starts at 1 KiB and grows up to the limit.
     *
     * @param in the bytes read, between its position and limit
     * @return true once the head is complete; {@code in}'s position is then just past it
     * @throws HttpParseException if the head is malformed or over a limit
     */
    public boolean feed(ByteBuffer in) throws HttpParseException {
        if (done) {
            return true;
        }
        int start = in.position();
        while (in.hasRemaining()) {
            if (size + in.position() - start == limits.maxHeadSize()) {
                throw tooLarge("head exceeds " + limits.maxHeadSize() + " bytes");
            }
            byte b = in.get();
            if (b == '\n') {
                if (!afterCr) {
                    throw new HttpParseException(400, "line " + (lines + 1) + " ends in a bare LF");
                }
                afterCr = false;
                if (lineLength == 0) {
                    if (lines == 0) {
                        throw new HttpParseException(400, "empty start line");
                    }
                    done = true;
                    if (size == 0 && in.hasArray()) {
                        parse(in.array(), in.arrayOffset() + start, in.position() - start);
                    } else {
                        keep(in, start);
                        parse(head, 0, size);
                    }
                    head = null;
                    return true;
                }
                lines++;
                if (lines > limits.maxHeaders() + 1) {
                    throw new HttpParseException(431, "more than " + limits.maxHeaders() + " header fields");
                }
                lineLength = 0;
            } else if (afterCr) {
                throw new HttpParseException(400, "line " + (lines + 1) + " has a bare CR");
            } else if (b == '\r') {
                afterCr = true;
            } else if (++lineLength > limits.maxLineLength()) {
                throw tooLarge("line " + (lines + 1) + " exceeds " + limits.maxLineLength() + " bytes");
            }
        }
        keep(in, start);
        return false;
    }

    /** Copies the bytes of {@code in} from {@code start} to its position onto the end of the kept head. */
    private void keep(ByteBuffer in, int start) {
        int n = in.position() - start;
        if (n == 0) {
            return;
        }
        if (head == null) {
            // Most heads are a few hundred bytes: start small, grow up to the limit when needed.
            head = new byte[Math.min(Math.max(INITIAL_HEAD, n), limits.maxHeadSize())];
        } else if (size + n > head.length) {
            head = Arrays.copyOf(head, Math.min(Math.max(head.length * 2, size + n), limits.maxHeadSize()));
        }
        in.get(start, head, size, n);
        size += n;
    }

    private HttpParseException tooLarge(String message) {
        return new HttpParseException(parsingRequest && lines == 0 ? 414 : 431, message);
    }

    /**
     * Whether the whole head has been read.
     *
     * @return true once {@link #feed} has returned true
     */
    public boolean isComplete() {
        return done;
    }

    /**
     * The parsed request; only for a request parser whose {@link #feed} returned true.
     *
     * @return the request head
     */
    public RequestHead request() {
        if (!done || !parsingRequest) {
            throw new IllegalStateException("no request parsed");
        }
        return request;
    }

    /**
     * The parsed response; only for a response parser whose {@link #feed} returned true.
     *
     * @return the response head
     */
    public ResponseHead response() {
        if (!done || parsingRequest) {
            throw new IllegalStateException("no response parsed");
        }
        return response;
    }

    /** Parses the complete head in {@code bytes[offset, offset + length)}, ending with its empty line. */
    private void parse(byte[] bytes, int offset, int length) throws HttpParseException {
        // The head is ISO-8859-1 on the wire (RFC 9112 §2.2): one char per byte.
        String text = new String(bytes, offset, length - 4, StandardCharsets.ISO_8859_1);
        int eol = text.indexOf("\r\n");
        String startLine = eol < 0 ? text : text.substring(0, eol);
        List<String> fields = new ArrayList<>();
        int at = eol < 0 ? text.length() : eol + 2;
        while (at < text.length()) {
            int end = text.indexOf("\r\n", at);
            if (end < 0) {
                end = text.length();
            }
            parseField(text, at, end, fields);
            at = end + 2;
        }
        HttpFields parsed = HttpFields.ofParsed(fields);
        if (parsingRequest) {
            request = parseRequestLine(startLine, parsed);
        } else {
            response = parseStatusLine(startLine, parsed);
        }
    }

    /** Parses one header line and adds its name and value to {@code out}. */
    private static void parseField(String text, int start, int end, List<String> out) throws HttpParseException {
        char first = text.charAt(start);
        if (TokenLists.isOws(first)) {
            // RFC 9112 §5.2: obs-fold; a server must reject it (or rewrite it), we reject.
            throw new HttpParseException(400, "obsolete line folding");
        }
        int colon = start;
        while (colon < end && TokenLists.isTokenChar(text.charAt(colon))) {
            colon++;
        }
        if (colon == start || colon == end || text.charAt(colon) != ':') {
            // RFC 9112 §5.1: no whitespace between name and colon; a name must be a token.
            throw new HttpParseException(400, "malformed header line: " + abbreviate(text.substring(start, end)));
        }
        int a = colon + 1;
        int b = end;
        while (a < b && TokenLists.isOws(text.charAt(a))) {
            a++;
        }
        while (b > a && TokenLists.isOws(text.charAt(b - 1))) {
            b--;
        }
        for (int i = a; i < b; i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw new HttpParseException(400, "control character in header " + text.substring(start, colon));
            }
        }
        out.add(CommonStrings.substring(text, start, colon));
        out.add(CommonStrings.substring(text, a, b));
    }

    private static RequestHead parseRequestLine(String line, HttpFields fields) throws HttpParseException {
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
            throw new HttpParseException(400, "malformed request line: " + abbreviate(line));
        }
        String method = CommonStrings.substring(line, 0, sp1);
        String target = CommonStrings.substring(line, sp1 + 1, sp2);
        String version = CommonStrings.substring(line, sp2 + 1, line.length());
        if (!TokenLists.isToken(method)) {
            throw new HttpParseException(400, "malformed method");
        }
        if (target.isEmpty()) {
            throw new HttpParseException(400, "empty request target");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                throw new HttpParseException(400, "request target has a forbidden character at " + i);
            }
        }
        checkVersion(version);
        return new RequestHead(method, target, version, fields);
    }

    private static ResponseHead parseStatusLine(String line, HttpFields fields) throws HttpParseException {
        int sp1 = line.indexOf(' ');
        if (sp1 < 0 || line.length() < sp1 + 4) {
            throw new HttpParseException(400, "malformed status line: " + abbreviate(line));
        }
        String version = line.substring(0, sp1);
        checkVersion(version);
        int status = 0;
        for (int i = sp1 + 1; i < sp1 + 4; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw new HttpParseException(400, "malformed status code: " + abbreviate(line));
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100) {
            throw new HttpParseException(400, "status code below 100: " + status);
        }
        String reason = "";
        if (line.length() > sp1 + 4) {
            if (line.charAt(sp1 + 4) != ' ') {
                throw new HttpParseException(400, "malformed status line: " + abbreviate(line));
            }
            reason = line.substring(sp1 + 5);
        }
        return new ResponseHead(version, status, reason, fields);
    }

    private static void checkVersion(String version) throws HttpParseException {
        if (version.length() != 8 || !version.startsWith("HTTP/") || version.charAt(6) != '.'
                || !Character.isDigit(version.charAt(5)) || !Character.isDigit(version.charAt(7))) {
            throw new HttpParseException(400, "malformed HTTP version: " + abbreviate(version));
        }
        if (version.charAt(5) != '1') {
            throw new HttpParseException(505, "HTTP version " + version + " not supported");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
