package dev.weft.protocol.handshake;

import dev.weft.protocol.http.HttpParseException;
import dev.weft.protocol.internal.http.TokenLists;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the {@code Sec-WebSocket-Extensions} grammar of RFC 6455 §9.1:
 *
 * <pre>
 * extension-list  = 1#extension
 * extension       = extension-token *( ";" extension-param )
 * extension-param = token [ "=" (token | quoted-string) ]
 * </pre>
 *
 * A hand-written scanner that looks at each character once: no regular expressions, so no
 * header can make it backtrack (ws's CVE-2021-32640). A quoted value must unescape to a token,
 * as §9.1 requires.
 */
public final class ExtensionHeader {
    private ExtensionHeader() {
    }

    /**
     * Parses every value of the header (all occurrences, in order) into offers.
     *
     * @param headerValues every value of {@code Sec-WebSocket-Extensions} in the head, in order
     * @return the offers, in the order they appeared
     * @throws HttpParseException (400) if any value breaks the grammar
     */
    public static List<ExtensionOffer> parse(List<String> headerValues) throws HttpParseException {
        List<ExtensionOffer> out = new ArrayList<>();
        for (String v : headerValues) {
            new Scanner(v).parseList(out);
        }
        return out;
    }

    /**
     * Formats offers as one header value, such as {@code permessage-deflate; client_max_window_bits}.
     *
     * @param offers the offers or answers to send
     * @return the header value, offers separated by commas and parameters by semicolons
     */
    public static String format(List<ExtensionOffer> offers) {
        StringBuilder sb = new StringBuilder();
        for (ExtensionOffer o : offers) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(o.name());
            for (ExtensionParam p : o.params()) {
                sb.append("; ").append(p.name());
                if (p.value() != null) {
                    sb.append('=').append(p.value());
                }
            }
        }
        return sb.toString();
    }

    private static final class Scanner {
        private final String s;
        private int i;

        Scanner(String s) {
            this.s = s;
        }

        void parseList(List<ExtensionOffer> out) throws HttpParseException {
            skipOws();
            boolean any = false;
            while (i < s.length()) {
                if (s.charAt(i) == ',') {
                    // Empty list elements are allowed and ignored (RFC 9110 §5.6.1).
                    i++;
                    skipOws();
                    continue;
                }
                out.add(parseExtension());
                any = true;
                skipOws();
                if (i < s.length()) {
                    expect(',');
                    skipOws();
                }
            }
            if (!any) {
                throw fail("no extension in the header");
            }
        }

        private ExtensionOffer parseExtension() throws HttpParseException {
            String name = token("extension name");
            List<ExtensionParam> params = new ArrayList<>(2);
            skipOws();
            while (i < s.length() && s.charAt(i) == ';') {
                i++;
                skipOws();
                String pname = token("parameter name");
                skipOws();
                String value = null;
                if (i < s.length() && s.charAt(i) == '=') {
                    i++;
                    skipOws();
                    value = i < s.length() && s.charAt(i) == '"' ? quoted() : token("parameter value");
                    skipOws();
                }
                params.add(new ExtensionParam(pname, value));
            }
            return new ExtensionOffer(name, params);
        }

        private String token(String what) throws HttpParseException {
            int start = i;
            while (i < s.length() && TokenLists.isTokenChar(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                throw fail("expected " + what);
            }
            return s.substring(start, i);
        }

        private String quoted() throws HttpParseException {
            i++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    String value = sb.toString();
                    if (!TokenLists.isToken(value)) {
                        throw fail("quoted value is not a token");
                    }
                    return value;
                }
                if (c == '\\') {
                    if (i == s.length()) {
                        break;
                    }
                    c = s.charAt(i++);
                }
                sb.append(c);
            }
            throw fail("unterminated quoted string");
        }

        private void expect(char c) throws HttpParseException {
            if (i >= s.length() || s.charAt(i) != c) {
                throw fail("expected '" + c + "'");
            }
            i++;
        }

        private void skipOws() {
            while (i < s.length() && TokenLists.isOws(s.charAt(i))) {
                i++;
            }
        }

        private HttpParseException fail(String what) {
            return new HttpParseException(400, "Sec-WebSocket-Extensions: " + what + " at offset " + i);
        }
    }
}
