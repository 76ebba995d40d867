package dev.weft.protocol.internal.legacy;

import dev.weft.protocol.handshake.HandshakeRejection;
import dev.weft.protocol.handshake.UpgradeRequest;
import dev.weft.protocol.http.HeadLimits;
import dev.weft.protocol.http.HttpFields;
import dev.weft.protocol.http.HttpHeadParser;
import dev.weft.protocol.http.HttpParseException;
import dev.weft.protocol.http.RequestHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The legacy drafts' opening handshakes, checked against draft-hixie-76's own worked example. */
class LegacyHandshakeTest {
    /** draft-hixie-thewebsocketprotocol-76 §1.3, byte for byte. */
    private static final String DRAFT_76_EXAMPLE = "GET /demo HTTP/1.1\r\n"
            + "Host: example.com\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n"
            + "Sec-WebSocket-Protocol: sample\r\n"
            + "Upgrade: WebSocket\r\n"
            + "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
            + "Origin: http://example.com\r\n\r\n";

    private static RequestHead request(String head) throws HttpParseException {
        HttpHeadParser p = HttpHeadParser.forRequest(HeadLimits.DEFAULTS);
        assertThat(p.feed(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)))).isTrue();
        return p.request();
    }

    @Test
    void draft76ExampleGetsTheAnswerTheDraftPrints() throws Exception {
        RequestHead head = request(DRAFT_76_EXAMPLE);
        assertThat(LegacyHandshake.isLegacyRequest(head)).isTrue();
        assertThat(LegacyHandshake.isDraft76(head)).isTrue();
        UpgradeRequest upgrade = LegacyHandshake.validate(head);
        assertThat(upgrade.version()).isEqualTo(76);
        assertThat(upgrade.subprotocols()).containsExactly("sample");

        byte[] answer = LegacyHandshake.challengeResponse(head, "^n:ds[4U".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(answer, StandardCharsets.ISO_8859_1)).isEqualTo("8jKS'y:G*Co,Wxa-");

        String response = new String(LegacyHandshake.accept(upgrade, false, "sample", HttpFields.empty()).encode(),
                StandardCharsets.ISO_8859_1);
        assertThat(response).isEqualTo("HTTP/1.1 101 WebSocket Protocol Handshake\r\n"
                + "Upgrade: WebSocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Origin: http://example.com\r\n"
                + "Sec-WebSocket-Location: ws://example.com/demo\r\n"
                + "Sec-WebSocket-Protocol: sample\r\n\r\n");
    }

    @Test
    void draft75IsAnsweredWithoutTheSecPrefixAndWithTheSecureLocation() throws Exception {
        RequestHead head = request("GET /chat?x=1 HTTP/1.1\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n"
                + "Host: example.com:8443\r\nOrigin: https://example.com\r\nWebSocket-Protocol: chat\r\n\r\n");
        assertThat(LegacyHandshake.isLegacyRequest(head)).isTrue();
        assertThat(LegacyHandshake.isDraft76(head)).isFalse();
        UpgradeRequest upgrade = LegacyHandshake.validate(head);
        assertThat(upgrade.version()).isEqualTo(75);
        String response = new String(LegacyHandshake.accept(upgrade, true, "chat",
                HttpFields.builder().add("Set-Cookie", "a=1").build()).encode(), StandardCharsets.ISO_8859_1);
        assertThat(response).isEqualTo("HTTP/1.1 101 Web Socket Protocol Handshake\r\n"
                + "Upgrade: WebSocket\r\n"
                + "Connection: Upgrade\r\n"
                + "WebSocket-Origin: https://example.com\r\n"
                + "WebSocket-Location: wss://example.com:8443/chat?x=1\r\n"
                + "WebSocket-Protocol: chat\r\n"
                + "Set-Cookie: a=1\r\n\r\n");
    }

    @Test
    void rfc6455RequestsAreNotLegacy() throws Exception {
        RequestHead head = request("GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertThat(LegacyHandshake.isLegacyRequest(head)).isFalse();
    }

    @ParameterizedTest(name = "Key1 \"{0}\"")
    @ValueSource(strings = {
        "12345",                    // no spaces: would divide by zero
        "1 2 3",                    // 123 does not divide by 2
        "9999999999 9",             // 99999999999 / 1 does not fit 32 bits
        "99999999999999999999999 1" // more digits than a long holds
    })
    void malformedKeysAreRejectedWith400(String key1) throws Exception {
        RequestHead head = request(DRAFT_76_EXAMPLE.replace("4 @1  46546xW%0l 1 5", key1));
        assertThatThrownBy(() -> LegacyHandshake.validate(head)).isInstanceOfSatisfying(HandshakeRejection.class,
                e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void aMissingSecondKeyOrKey3OrHostIsRejected() throws Exception {
        RequestHead noKey2 = request(DRAFT_76_EXAMPLE.replace("Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n", ""));
        assertThatThrownBy(() -> LegacyHandshake.validate(noKey2)).hasMessageContaining("missing Sec-WebSocket-Key2");
        RequestHead head = request(DRAFT_76_EXAMPLE);
        assertThatThrownBy(() -> LegacyHandshake.challengeResponse(head, null)).isInstanceOf(HandshakeRejection.class);
        RequestHead noHost = request(DRAFT_76_EXAMPLE.replace("Host: example.com\r\n", ""));
        assertThatThrownBy(() -> LegacyHandshake.validate(noHost)).hasMessageContaining("missing Host");
        RequestHead post = request(DRAFT_76_EXAMPLE.replace("GET", "POST"));
        assertThatThrownBy(() -> LegacyHandshake.validate(post)).isInstanceOfSatisfying(HandshakeRejection.class,
                e -> assertThat(e.status()).isEqualTo(405));
    }
}
