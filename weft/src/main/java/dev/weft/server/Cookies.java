package dev.weft.server;

import dev.weft.protocol.internal.http.CookieSyntax;
import dev.weft.protocol.internal.http.TokenLists;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code Cookie} request headers (RFC 6265 §4.2.1: {@code name=value} pairs separated by
 * {@code ;}). Pairs whose name is not a token are skipped rather than failing the request, as
 * browsers send what they were given; a quoted value loses its quotes. The first of two cookies
 * with the same name wins, which is the most specific one by the RFC's ordering.
 */
final class Cookies {
    private Cookies() {
    }

    static Map<String, String> parse(List<String> headerValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String header : headerValues) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String name = pair.substring(0, eq).strip();
                String value = pair.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (TokenLists.isToken(name)) {
                    out.putIfAbsent(name, value);
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Checks a cookie to set against RFC 6265 §4.1.1 and returns the Set-Cookie value. */
    static String setCookie(String name, String value, String attributes) {
        CookieSyntax.check(name, value);
        return attributes == null || attributes.isBlank() ? name + "=" + value : name + "=" + value + "; " + attributes.strip();
    }
}
