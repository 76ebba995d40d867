package dev.weft.protocol.handshake;

import dev.weft.protocol.http.HeadLimits;
import dev.weft.protocol.http.HttpFields;
import dev.weft.protocol.http.HttpHeadParser;
import dev.weft.protocol.http.HttpParseException;
import dev.weft.protocol.http.RequestHead;
import dev.weft.protocol.http.ResponseHead;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 6455 §4: the opening handshake, both roles, versions 13 and 8. */
class HandshakeTest {
    private static RequestHead request(String head) throws HttpParseException {
        HttpHeadParser p = HttpHeadParser.forRequest(HeadLimits.DEFAULTS);
        p.feed(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
        return p.request();
    }

    private static String upgrade(String... extraLines) {
        StringBuilder sb = new StringBuilder("GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        boolean versionGiven = false;
        for (String l : extraLines) {
            sb.append(l).append("\r\n");
            versionGiven |= l.startsWith("Sec-WebSocket-Version");
        }
        if (!versionGiven) {
            sb.append("Sec-WebSocket-Version: 13\r\n");
        }
        return sb.append("\r\n").toString();
    }

    @Nested
    class Section1_3_AcceptKey {
        @Test
        void theRfcExample() {
            assertThat(AcceptKey.of("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        }

        @Test
        void keysMustDecodeTo16Bytes() {
            assertThat(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ==")).isTrue();
            assertThat(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ")).isFalse();
            assertThat(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZXg=")).isFalse();
            assertThat(AcceptKey.isValidKey("!!!!IHNhbXBsZSBub25jZQ==")).isFalse();
            assertThat(AcceptKey.isValidKey(null)).isFalse();
        }
    }

    @Nested
    class Section4_2_Server {
        @Test
        void theRfcExampleIsAcceptedAndAnswered() throws Exception {
            UpgradeRequest u = ServerHandshake.validate(request(upgrade(
                    "Origin: http://example.com", "Sec-WebSocket-Protocol: chat, superchat")));
            assertThat(u.version()).isEqualTo(13);
            assertThat(u.origin()).isEqualTo("http://example.com");
            assertThat(u.subprotocols()).containsExactly("chat", "superchat");
            assertThat(u.host()).isEqualTo("server.example.com");
            ResponseHead r = ServerHandshake.accept(u, "chat", List.of(), HttpFields.builder().add("Set-Cookie", "a=b").build());
            assertThat(new String(r.encode(), StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 101 Switching Protocols\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                    + "Sec-WebSocket-Protocol: chat\r\nSet-Cookie: a=b\r\n\r\n");
            assertThatThrownBy(() -> ServerHandshake.accept(u, "other", List.of(), HttpFields.empty()))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void version8UsesSecWebSocketOrigin() throws Exception {
            UpgradeRequest u = ServerHandshake.validate(request(upgrade("Sec-WebSocket-Version: 8",
                    "Sec-WebSocket-Origin: http://old.example", "Origin: http://ignored")));
            assertThat(u.version()).isEqualTo(8);
            assertThat(u.origin()).isEqualTo("http://old.example");
        }

        @Test
        void connectionHeaderMayListOtherTokensInAnyCase() throws Exception {
            String head = upgrade().replace("Connection: Upgrade", "Connection: keep-alive, UPGRADE")
                    .replace("Upgrade: websocket", "Upgrade: WebSocket");
            assertThat(ServerHandshake.validate(request(head)).key()).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
        }

        @Test
        void extensionOffersArePassedOnInOrder() throws Exception {
            UpgradeRequest u = ServerHandshake.validate(request(upgrade(
                    "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, permessage-deflate",
                    "Sec-WebSocket-Extensions: x-toy; level=\"3\"")));
            assertThat(u.extensions()).extracting(ExtensionOffer::name)
                    .containsExactly("permessage-deflate", "permessage-deflate", "x-toy");
            assertThat(u.extensions().get(0).param("client_max_window_bits").value()).isNull();
            assertThat(u.extensions().get(2).param("level").value()).isEqualTo("3");
        }

        @Test
        void rejections() throws Exception {
            assertRejected(upgrade().replace("GET", "POST"), 405);
            assertRejected(upgrade().replace("HTTP/1.1", "HTTP/1.0"), 400);
            assertRejected(upgrade().replace("Host: server.example.com\r\n", ""), 400);
            assertRejected(upgrade("Host: second"), 400);
            assertRejected(upgrade().replace("Upgrade: websocket", "Upgrade: h2c"), 400);
            assertRejected(upgrade().replace("Connection: Upgrade", "Connection: keep-alive"), 400);
            assertRejected(upgrade().replace("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", ""), 400);
            assertRejected(upgrade().replace("dGhlIHNhbXBsZSBub25jZQ==", "short"), 400);
            assertRejected(upgrade("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="), 400);
            assertRejected(upgrade("Sec-WebSocket-Protocol: chat, bad/proto"), 400);
            assertRejected(upgrade("Sec-WebSocket-Extensions: ;;"), 400);
        }

        @Test
        void unsupportedVersionsGet426WithTheSupportedOnes() throws Exception {
            for (String v : new String[] {"Sec-WebSocket-Version: 7", "Sec-WebSocket-Version: 14",
                "Sec-WebSocket-Version: 13, 8"}) {
                HandshakeRejection r = rejection(upgrade(v));
                assertThat(r.status()).isEqualTo(426);
                assertThat(r.headers().first("Sec-WebSocket-Version")).isEqualTo("13, 8");
            }
            assertThat(rejection(upgrade().replace("Sec-WebSocket-Version: 13\r\n", "")).status()).isEqualTo(426);
        }

        @Test
        void plainRequestsAreNotUpgrades() throws Exception {
            assertThat(ServerHandshake.isUpgradeRequest(request("GET / HTTP/1.1\r\nHost: h\r\n\r\n"))).isFalse();
            assertThat(ServerHandshake.isUpgradeRequest(request(upgrade()))).isTrue();
        }

        private HandshakeRejection rejection(String head) throws HttpParseException {
            RequestHead r = request(head);
            try {
                ServerHandshake.validate(r);
            } catch (HandshakeRejection e) {
                return e;
            }
            throw new AssertionError("accepted: " + head);
        }

        private void assertRejected(String head, int status) throws HttpParseException {
            assertThat(rejection(head).status()).as(head).isEqualTo(status);
        }
    }

    @Nested
    class Section4_1_Client {
        private ClientHandshake handshake(ClientHandshake.Builder b) {
            return b.random(new Random(42)).build();
        }

        private ResponseHead response(ClientHandshake h, String... extra) {
            HttpFields.Builder f = HttpFields.builder().add("Upgrade", "websocket").add("Connection", "Upgrade")
                    .add("Sec-WebSocket-Accept", AcceptKey.of(h.key()));
            for (int i = 0; i < extra.length; i += 2) {
                f.add(extra[i], extra[i + 1]);
            }
            return ResponseHead.of(101, f.build());
        }

        @Test
        void requestCarriesEverythingTheServerChecks() throws Exception {
            ClientHandshake h = handshake(ClientHandshake.builder(URI.create("ws://example.com:8080/chat?x=1#frag"))
                    .origin("http://example.com").subprotocols(List.of("chat", "superchat"))
                    .extensions(List.of(ExtensionOffer.of("permessage-deflate")))
                    .cookie("session", "abc123").headers(HttpFields.builder().add("Authorization", "Bearer t").build()));
            RequestHead r = h.request();
            assertThat(r.target()).isEqualTo("/chat?x=1");
            assertThat(r.fields().first("Host")).isEqualTo("example.com:8080");
            assertThat(r.fields().first("Cookie")).isEqualTo("session=abc123");
            assertThat(r.fields().first("Authorization")).isEqualTo("Bearer t");
            assertThat(java.util.Base64.getDecoder().decode(h.key())).hasSize(16);
            // What the client writes, the server accepts.
            UpgradeRequest u = ServerHandshake.validate(request(new String(r.encode(), StandardCharsets.ISO_8859_1)));
            assertThat(u.subprotocols()).containsExactly("chat", "superchat");
            assertThat(u.origin()).isEqualTo("http://example.com");
            assertThat(u.extensions()).containsExactly(ExtensionOffer.of("permessage-deflate"));
            HandshakeResult result = h.validate(ServerHandshake.accept(u, "superchat", List.of(), HttpFields.empty()));
            assertThat(result.subprotocol()).isEqualTo("superchat");
        }

        @Test
        void eachHandshakeDrawsAFreshKey() {
            ClientHandshake.Builder b = ClientHandshake.builder(URI.create("ws://h/"));
            assertThat(b.build().key()).isNotEqualTo(b.build().key());
        }

        @Test
        void hostHeaderAndTargetFollowTheUri() {
            assertThat(ClientHandshake.hostHeader(URI.create("ws://h:80/"))).isEqualTo("h");
            assertThat(ClientHandshake.hostHeader(URI.create("wss://h:443/"))).isEqualTo("h");
            assertThat(ClientHandshake.hostHeader(URI.create("wss://h:80/"))).isEqualTo("h:80");
            assertThat(ClientHandshake.hostHeader(URI.create("ws://[::1]:9000/"))).isEqualTo("[::1]:9000");
            assertThat(ClientHandshake.requestTarget(URI.create("ws://h"))).isEqualTo("/");
            assertThat(ClientHandshake.requestTarget(URI.create("ws://h/a%20b?q=%41"))).isEqualTo("/a%20b?q=%41");
            assertThatThrownBy(() -> ClientHandshake.builder(URI.create("http://h/"))).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void version8SendsSecWebSocketOrigin() {
            ClientHandshake h = handshake(ClientHandshake.builder(URI.create("ws://h/")).version(8).origin("http://o"));
            assertThat(h.request().fields().first("Sec-WebSocket-Version")).isEqualTo("8");
            assertThat(h.request().fields().first("Sec-WebSocket-Origin")).isEqualTo("http://o");
            assertThat(h.request().fields().contains("Origin")).isFalse();
        }

        @Test
        void responseChecks() throws Exception {
            ClientHandshake h = handshake(ClientHandshake.builder(URI.create("ws://h/")).subprotocols(List.of("a"))
                    .extensions(List.of(ExtensionOffer.of("x-toy"))));
            assertFailure(h, response(h), HandshakeException.Reason.MISSING_SUBPROTOCOL);
            ClientHandshake lenient = handshake(ClientHandshake.builder(URI.create("ws://h/")).subprotocols(List.of("a"))
                    .acceptNoSubprotocol(true));
            assertThat(lenient.validate(response(lenient)).subprotocol()).isNull();
            assertThat(h.validate(response(h, "Sec-WebSocket-Protocol", "a")).subprotocol()).isEqualTo("a");
            assertThat(h.validate(response(h, "Sec-WebSocket-Protocol", "a", "Sec-WebSocket-Extensions", "x-toy; p=1")).extensions())
                    .singleElement().satisfies(e -> assertThat(e.param("p").value()).isEqualTo("1"));
            assertFailure(h, ResponseHead.of(403, HttpFields.empty()), HandshakeException.Reason.UNEXPECTED_STATUS);
            assertFailure(h, ResponseHead.of(101, HttpFields.builder().add("Connection", "Upgrade")
                    .add("Sec-WebSocket-Accept", AcceptKey.of(h.key())).build()), HandshakeException.Reason.BAD_UPGRADE);
            assertFailure(h, ResponseHead.of(101, HttpFields.builder().add("Upgrade", "websocket")
                    .add("Sec-WebSocket-Accept", AcceptKey.of(h.key())).build()), HandshakeException.Reason.BAD_CONNECTION);
            assertFailure(h, ResponseHead.of(101, HttpFields.builder().add("Upgrade", "websocket").add("Connection", "Upgrade")
                    .add("Sec-WebSocket-Accept", AcceptKey.of("dGhlIHNhbXBsZSBub25jZQ==")).build()),
                    HandshakeException.Reason.BAD_ACCEPT);
            assertFailure(h, response(h, "Sec-WebSocket-Protocol", "b"), HandshakeException.Reason.UNEXPECTED_SUBPROTOCOL);
            assertFailure(h, response(h, "Sec-WebSocket-Protocol", "a, a"), HandshakeException.Reason.UNEXPECTED_SUBPROTOCOL);
            assertFailure(h, response(h, "Sec-WebSocket-Protocol", "a", "Sec-WebSocket-Extensions", "permessage-deflate"),
                    HandshakeException.Reason.UNEXPECTED_EXTENSION);
            assertFailure(h, response(h, "Sec-WebSocket-Protocol", "a", "Sec-WebSocket-Extensions", "x-toy, x-toy"),
                    HandshakeException.Reason.UNEXPECTED_EXTENSION);
            assertFailure(h, response(h, "Sec-WebSocket-Protocol", "a", "Sec-WebSocket-Extensions", "x-toy; =="),
                    HandshakeException.Reason.UNEXPECTED_EXTENSION);
        }

        private void assertFailure(ClientHandshake h, ResponseHead r, HandshakeException.Reason reason) {
            assertThatThrownBy(() -> h.validate(r)).isInstanceOfSatisfying(HandshakeException.class, e -> {
                assertThat(e.reason()).isEqualTo(reason);
                assertThat(e.response()).isSameAs(r);
            });
        }
    }

    @Nested
    class Section9_1_ExtensionHeader {
        @Test
        void grammar() throws HttpParseException {
            List<ExtensionOffer> offers = ExtensionHeader.parse(List.of(
                    "foo, bar; baz=2;quux , permessage-deflate ; client_max_window_bits=\"10\"", "x-y"));
            assertThat(offers).containsExactly(
                    ExtensionOffer.of("foo"),
                    new ExtensionOffer("bar", List.of(new ExtensionParam("baz", "2"), new ExtensionParam("quux", null))),
                    new ExtensionOffer("permessage-deflate", List.of(new ExtensionParam("client_max_window_bits", "10"))),
                    ExtensionOffer.of("x-y"));
            assertThat(ExtensionHeader.format(offers.subList(1, 3)))
                    .isEqualTo("bar; baz=2; quux, permessage-deflate; client_max_window_bits=10");
        }

        @Test
        void malformedHeaders() {
            for (String bad : new String[] {"", " , ", "foo;", "foo; =1", "foo; a=", "foo; a=\"x y\"", "foo; a=\"1",
                "foo bar", "foo; a=1 b", "fo\"o"}) {
                assertThatThrownBy(() -> ExtensionHeader.parse(List.of(bad))).as(bad).isInstanceOf(HttpParseException.class);
            }
        }

        @Test
        void hugeHeadersParseInLinearTime() throws HttpParseException {
            String many = "a;b=c, ".repeat(1100);
            assertThat(ExtensionHeader.parse(List.of(many))).hasSize(1100);
            String nasty = "x" + ";".repeat(7000);
            assertThatThrownBy(() -> ExtensionHeader.parse(List.of(nasty))).isInstanceOf(HttpParseException.class);
        }
    }
}
