package dev.weft.protocol.http;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared strings are the same text as a plain substring, and shared where they repeat. */
class CommonStringsTest {
    @Test
    void alwaysTheSameTextAsSubstring() {
        Random r = new Random(5);
        String alphabet = "GETHost:websocketUpgrade13 /ab";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(100);
            for (int k = 0; k < n; k++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            int start = n == 0 ? 0 : r.nextInt(n);
            int end = start + (n - start == 0 ? 0 : r.nextInt(n - start + 1));
            assertThat(CommonStrings.substring(text, start, end)).isEqualTo(text.substring(start, end));
        }
    }

    @Test
    void wellKnownNamesAndValuesAreOneInstance() {
        String head = "Upgrade: websocket";
        assertThat(CommonStrings.substring(head, 0, 7)).isSameAs("Upgrade");
        assertThat(CommonStrings.substring(head, 9, 18)).isSameAs("websocket");
    }

    @Test
    void repeatedValuesAreSharedAndLongOnesAreNot() {
        String host = new String("example.test:8443".toCharArray());
        String first = CommonStrings.substring("Host: " + host, 6, 6 + host.length());
        String second = CommonStrings.substring("x" + host + "y", 1, 1 + host.length());
        assertThat(second).isSameAs(first).isEqualTo(host);
        String line = "X: " + "v".repeat(65);
        assertThat(CommonStrings.substring(line, 3, 68))
                .isNotSameAs(CommonStrings.substring(line, 3, 68)).isEqualTo("v".repeat(65));
    }

    @Test
    void parsedRequestsShareWhatRepeats() throws Exception {
        String head = "GET /chat HTTP/1.1\r\nHost: shared.test\r\nUpgrade: websocket\r\n\r\n";
        RequestHead a = parse(head);
        RequestHead b = parse(head);
        assertThat(b.fields().first("Host")).isSameAs(a.fields().first("Host"));
        assertThat(b.target()).isSameAs(a.target());
        assertThat(a.fields().asList()).containsExactly(new HttpFields.Field("Host", "shared.test"),
                new HttpFields.Field("Upgrade", "websocket"));
    }

    private static RequestHead parse(String head) throws Exception {
        HttpHeadParser p = HttpHeadParser.forRequest(HeadLimits.DEFAULTS);
        assertThat(p.feed(java.nio.ByteBuffer.wrap(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))).isTrue();
        return p.request();
    }
}
