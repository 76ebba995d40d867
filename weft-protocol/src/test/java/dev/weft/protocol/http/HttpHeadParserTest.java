package dev.weft.protocol.http;

import dev.weft.protocol.internal.http.TokenLists;

import dev.weft.protocol.testing.Splits;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 9112 heads as the opening handshake (RFC 6455 §4) needs them: strict, bounded, resumable. */
class HttpHeadParserTest {
    private static final String UPGRADE = "GET /chat?room=1 HTTP/1.1\r\n"
            + "Host: server.example.com\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: keep-alive, Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Protocol: chat\r\n"
            + "Sec-WebSocket-Protocol: superchat , \r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static RequestHead parseRequest(String head) throws HttpParseException {
        HttpHeadParser p = HttpHeadParser.forRequest(HeadLimits.DEFAULTS);
        assertThat(p.feed(ByteBuffer.wrap(bytes(head)))).isTrue();
        return p.request();
    }

    private static void assertRejected(String head, int status, HeadLimits limits) {
        assertThatThrownBy(() -> HttpHeadParser.forRequest(limits).feed(ByteBuffer.wrap(bytes(head))))
                .isInstanceOfSatisfying(HttpParseException.class, e -> assertThat(e.status()).isEqualTo(status));
    }

    private static void assertRejected(String head, int status) {
        assertRejected(head, status, HeadLimits.DEFAULTS);
    }

    @Test
    void parsesTheRequestLineAndFieldsInEverySplitAndLeavesTheFrameBehind() throws HttpParseException {
        byte[] input = dev.weft.protocol.testing.RawFrame.concat(bytes(UPGRADE), new byte[] {(byte) 0x81, 0x00});
        for (List<byte[]> pieces : Splits.all(input)) {
            HttpHeadParser p = HttpHeadParser.forRequest(HeadLimits.DEFAULTS);
            ByteBuffer leftover = null;
            for (byte[] piece : pieces) {
                ByteBuffer b = ByteBuffer.wrap(piece);
                if (!p.isComplete() && p.feed(b)) {
                    leftover = b;
                } else if (p.isComplete()) {
                    leftover = ByteBuffer.allocate(leftover.remaining() + b.remaining()).put(leftover).put(b).flip();
                }
            }
            assertThat(p.isComplete()).isTrue();
            assertThat(leftover.remaining()).isEqualTo(2);
            assertThat(leftover.get(leftover.position())).isEqualTo((byte) 0x81);
            RequestHead r = p.request();
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/chat");
            assertThat(r.query()).isEqualTo("room=1");
            assertThat(r.fields().first("host")).isEqualTo("server.example.com");
            assertThat(r.fields().tokens("sec-websocket-protocol")).containsExactly("chat", "superchat");
            assertThat(r.fields().hasToken("CONNECTION", "upgrade")).isTrue();
            assertThat(r.fields().size()).isEqualTo(7);
        }
    }

    @Test
    void parsesAResponseHead() throws HttpParseException {
        HttpHeadParser p = HttpHeadParser.forResponse(HeadLimits.DEFAULTS);
        assertThat(p.feed(ByteBuffer.wrap(bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")))).isTrue();
        assertThat(p.response().status()).isEqualTo(101);
        assertThat(p.response().reason()).isEqualTo("Switching Protocols");
        HttpHeadParser bare = HttpHeadParser.forResponse(HeadLimits.DEFAULTS);
        assertThat(bare.feed(ByteBuffer.wrap(bytes("HTTP/1.1 403\r\n\r\n")))).isTrue();
        assertThat(bare.response().status()).isEqualTo(403);
        assertThatThrownBy(() -> HttpHeadParser.forResponse(HeadLimits.DEFAULTS)
                .feed(ByteBuffer.wrap(bytes("HTTP/1.1 1x1 Nope\r\n\r\n")))).isInstanceOf(HttpParseException.class);
    }

    @Test
    void fieldValuesAreTrimmedAndRepeatedFieldsKept() throws HttpParseException {
        RequestHead r = parseRequest("GET / HTTP/1.1\r\nHost: h\r\nX-A: \t one \t\r\nX-A: two\r\nX-Empty:\r\n\r\n");
        assertThat(r.fields().all("x-a")).containsExactly("one", "two");
        assertThat(r.fields().first("X-Empty")).isEmpty();
        assertThat(r.fields().first("missing")).isNull();
    }

    @Test
    void strictLineEndings() {
        assertRejected("GET / HTTP/1.1\nHost: h\n\n", 400);
        assertRejected("GET / HTTP/1.1\r\nHost: h\r\r\n\r\n", 400);
        assertRejected("GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n", 400);
    }

    @Test
    void malformedFieldsAreRejected() {
        assertRejected("GET / HTTP/1.1\r\nHost h\r\n\r\n", 400);             // no colon
        assertRejected("GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400);           // space before colon
        assertRejected("GET / HTTP/1.1\r\n: h\r\n\r\n", 400);                // empty name
        assertRejected("GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n", 400); // obs-fold
        assertRejected("GET / HTTP/1.1\r\nX: a\u0000b\r\n\r\n", 400);        // NUL in value
        assertRejected("GET / HTTP/1.1\r\nX(y): z\r\n\r\n", 400);            // not a token
    }

    @Test
    void malformedRequestLinesAreRejected() {
        assertRejected("\r\n\r\n", 400);
        assertRejected("GET  / HTTP/1.1\r\n\r\n", 400);
        assertRejected("GET / HTTP/1.1 extra\r\n\r\n", 400);
        assertRejected("GET /a b HTTP/1.1\r\n\r\n", 400);
        assertRejected("G(T / HTTP/1.1\r\n\r\n", 400);
        assertRejected("GET / HTTX/1.1\r\n\r\n", 400);
        assertRejected("GET / HTTP/2.0\r\n\r\n", 505);
        assertRejected("GET /\u00e9 HTTP/1.1\r\n\r\n", 400);
    }

    @Test
    void limitsOnHeadSizeHeaderCountAndLineLength() {
        HeadLimits small = new HeadLimits(256, 3, 64);
        assertRejected("GET /" + "a".repeat(100) + " HTTP/1.1\r\n\r\n", 414, small);
        assertRejected("GET / HTTP/1.1\r\nX: " + "a".repeat(100) + "\r\n\r\n", 431, small);
        assertRejected("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", 431, small);
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 20; i++) {
            many.append("X").append(i).append(": ").append("v".repeat(30)).append("\r\n");
        }
        assertRejected(many + "\r\n", 431, new HeadLimits(256, 100, 8192));
        // An endless header line with no CRLF stops at the head limit, not later.
        HttpHeadParser p = HttpHeadParser.forRequest(new HeadLimits(1024, 100, 8192));
        ByteBuffer endless = ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\nX: " + "a".repeat(5000)));
        assertThatThrownBy(() -> p.feed(endless)).isInstanceOfSatisfying(HttpParseException.class,
                e -> assertThat(e.status()).isEqualTo(431));
        assertThat(endless.position()).isEqualTo(1024);
    }

    @Test
    void aHeadOfExactlyTheLimitPassesWholeOrSplitAndOneByteMoreFails() throws HttpParseException {
        String base = "GET / HTTP/1.1\r\nX: ";
        String exact = base + "a".repeat(300 - base.length() - 4) + "\r\n\r\n";
        assertThat(exact).hasSize(300);
        HeadLimits limits = new HeadLimits(300, 10, 8192);
        for (int cut = 0; cut <= exact.length(); cut += 7) {
            HttpHeadParser p = HttpHeadParser.forRequest(limits);
            byte[] b = bytes(exact);
            assertThat(p.feed(ByteBuffer.wrap(b, 0, cut))).isFalse();
            assertThat(p.feed(ByteBuffer.wrap(b, cut, b.length - cut))).as("cut at " + cut).isTrue();
            assertThat(p.request().fields().first("X")).hasSize(300 - base.length() - 4);
        }
        assertRejected(base + "a".repeat(300 - base.length() - 3) + "\r\n\r\n", 431, limits);
    }

    @Test
    void parsesFromDirectBuffersAndSlicesWithAnOffset() throws HttpParseException {
        byte[] head = bytes(UPGRADE + "tail");
        ByteBuffer direct = ByteBuffer.allocateDirect(head.length).put(head).flip();
        HttpHeadParser fromDirect = HttpHeadParser.forRequest(HeadLimits.DEFAULTS);
        assertThat(fromDirect.feed(direct)).isTrue();
        assertThat(direct.remaining()).isEqualTo(4);

        byte[] padded = new byte[head.length + 9];
        System.arraycopy(head, 0, padded, 9, head.length);
        ByteBuffer slice = ByteBuffer.wrap(padded).position(9).slice();
        HttpHeadParser fromSlice = HttpHeadParser.forRequest(HeadLimits.DEFAULTS);
        assertThat(fromSlice.feed(slice)).isTrue();
        assertThat(slice.remaining()).isEqualTo(4);
        assertThat(fromSlice.request()).isEqualTo(fromDirect.request());
        assertThat(fromSlice.request()).isEqualTo(parseRequest(UPGRADE));
    }

    @Test
    void defaultLimitsAccept100HeadersAndRefuse101() throws HttpParseException {
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 100; i++) {
            head.append("H").append(i).append(": v\r\n");
        }
        assertThat(parseRequest(head + "\r\n").fields().size()).isEqualTo(100);
        assertRejected(head + "H100: v\r\n\r\n", 431);
    }

    @Test
    void headsRoundTripThroughEncode() throws HttpParseException {
        RequestHead r = parseRequest(UPGRADE);
        assertThat(parseRequest(new String(r.encode(), StandardCharsets.ISO_8859_1))).isEqualTo(r);
        ResponseHead resp = ResponseHead.of(426, HttpFields.builder().add("Sec-WebSocket-Version", "13, 8").build());
        HttpHeadParser p = HttpHeadParser.forResponse(HeadLimits.DEFAULTS);
        p.feed(ByteBuffer.wrap(resp.encode()));
        assertThat(p.response()).isEqualTo(resp);
        assertThat(new String(resp.encode(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 426 Upgrade Required\r\n");
    }

    @Test
    void builderRefusesHeaderInjection() {
        assertThatThrownBy(() -> HttpFields.builder().add("X", "a\r\nSet-Cookie: evil")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpFields.builder().add("Bad Name", "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokenListsIgnoreEmptyElementsAndWhitespace() {
        List<String> out = new java.util.ArrayList<>();
        TokenLists.split(" , a,, b ,\tc ,", out);
        assertThat(out).containsExactly("a", "b", "c");
    }

    @Test
    void tokenMembershipMatchesWholeElementsIgnoringCase() {
        assertThat(TokenLists.containsIgnoreCase("keep-alive, Upgrade", "upgrade")).isTrue();
        assertThat(TokenLists.containsIgnoreCase(" ,\tUPGRADE\t, ", "Upgrade")).isTrue();
        assertThat(TokenLists.containsIgnoreCase("upgrades, xupgrade, up grade", "upgrade")).isFalse();
        assertThat(TokenLists.containsIgnoreCase("", "upgrade")).isFalse();
        HttpFields f = HttpFields.builder().add("Connection", "keep-alive").add("connection", "Upgrade").build();
        assertThat(f.hasToken("CONNECTION", "upgrade")).isTrue();
        assertThat(f.hasToken("Upgrade", "upgrade")).isFalse();
        assertThat(f.all("connection")).containsExactly("keep-alive", "Upgrade");
        assertThat(f.all("Host")).isEmpty();
        assertThat(f.tokens("Connection")).containsExactly("keep-alive", "Upgrade");
    }

    @Test
    void longTokenListsParseInLinearTime() throws HttpParseException {
        // 8,000 commas and spaces: a backtracking pattern would take ages; this must not.
        String value = ", ".repeat(4000);
        RequestHead r = parseRequest("GET / HTTP/1.1\r\nConnection: " + value.substring(0, 8000 - 40) + "\r\n\r\n");
        assertThat(r.fields().tokens("Connection")).isEmpty();
    }
}
