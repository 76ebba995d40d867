package dev.weft.protocol.internal.http;

/** The cookie grammar of RFC 6265 §4.1.1, for cookies a client sends or a server sets. */
public final class CookieSyntax {
    private CookieSyntax() {
    }

    /**
     * Checks a cookie's name and value.
     *
     * @throws IllegalArgumentException if the name is not a token, or the value holds a space, a
     *                                  quote, a comma, a semicolon, a backslash or a control character
     */
    public static void check(String name, String value) {
        if (!TokenLists.isToken(name)) {
            throw new IllegalArgumentException("cookie name is not a token: " + name);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '"' || c == ',' || c == ';' || c == '\\') {
                throw new IllegalArgumentException("cookie " + name + " has a forbidden character at " + i);
            }
        }
    }
}
