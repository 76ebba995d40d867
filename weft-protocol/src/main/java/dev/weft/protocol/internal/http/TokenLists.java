package dev.weft.protocol.internal.http;

import java.util.List;

/**
 * Token and list syntax of RFC 9110 §5.6, scanned by hand in one pass: no regular
 * expressions, so no input can make parsing slower than linear (the class of bug behind
 * ws's CVE-2021-32640).
 */
public final class TokenLists {
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private TokenLists() {
    }

    /** Whether {@code c} may appear in a token. */
    public static boolean isTokenChar(int c) {
        return c < 128 && c >= 0 && TCHAR[c];
    }

    /** Whether {@code s} is a non-empty token. */
    public static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Splits a comma-separated list into {@code out}, trimming spaces and tabs and dropping empty elements. */
    public static void split(String value, List<String> out) {
        forEachElement(value, (a, b) -> {
            out.add(value.substring(a, b));
            return false;
        });
    }

    /**
     * Whether an element of the comma-separated list equals {@code token}, ignoring case,
     * without cutting the list up: every handshake asks this of Upgrade and Connection.
     */
    public static boolean containsIgnoreCase(String value, String token) {
        return forEachElement(value, (a, b) -> b - a == token.length() && value.regionMatches(true, a, token, 0, b - a));
    }

    /** Told the bounds of one trimmed, non-empty element; returns true to stop. */
    private interface ElementVisitor {
        boolean visit(int start, int end);
    }

    /** Visits each element's bounds in order; returns true if the visitor stopped early. */
    private static boolean forEachElement(String value, ElementVisitor visitor) {
        int n = value.length();
        int start = 0;
        while (start <= n) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            int a = start;
            int b = end;
            while (a < b && isOws(value.charAt(a))) {
                a++;
            }
            while (b > a && isOws(value.charAt(b - 1))) {
                b--;
            }
            if (a < b && visitor.visit(a, b)) {
                return true;
            }
            if (comma < 0) {
                break;
            }
            start = comma + 1;
        }
        return false;
    }

    /** Optional whitespace: space or horizontal tab. */
    public static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}
