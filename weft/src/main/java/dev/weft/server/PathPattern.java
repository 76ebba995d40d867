package dev.weft.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A path an endpoint is mounted at: exact ({@code /chat}), a template with named segments
 * ({@code /rooms/{room}}), or a prefix ({@code /files/*}, which also matches {@code /files}).
 * Matching works on the raw, still percent-encoded path, segment by segment.
 */
final class PathPattern {
    private final String pattern;
    private final String[] segments;
    private final boolean prefix;

    PathPattern(String pattern) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /: " + pattern);
        }
        this.pattern = pattern;
        String p = pattern;
        this.prefix = p.equals("/*") || p.endsWith("/*");
        if (prefix) {
            p = p.substring(0, p.length() - 2);
        }
        this.segments = split(p);
        for (String s : segments) {
            if (s.contains("*")) {
                throw new IllegalArgumentException("'*' only as the last segment: " + pattern);
            }
            if ((s.startsWith("{") != s.endsWith("}")) || (s.startsWith("{") && s.length() < 3)) {
                throw new IllegalArgumentException("malformed template segment '" + s + "' in " + pattern);
            }
        }
    }

    private static String[] split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out.toArray(new String[0]);
    }

    /** How specific the pattern is, for choosing among several matches: exact, then templates, then prefixes, longer first. */
    int rank() {
        int templates = 0;
        for (String s : segments) {
            templates += s.startsWith("{") ? 1 : 0;
        }
        return (prefix ? 0 : 1_000_000) + (templates == 0 ? 100_000 : 0) + segments.length * 100 - templates;
    }

    /**
     * The named segments' values if {@code path} matches, or {@code null}. Walks the path in
     * place, the way {@link #split} would cut it (empty segments skipped), allocating only the
     * values of named segments: this runs for every mount on every handshake.
     */
    Map<String, String> match(String path) {
        Map<String, String> params = null;
        int at = 0;
        for (String s : segments) {
            at = skipSlashes(path, at);
            if (at == path.length()) {
                return null; // the path has fewer segments
            }
            int end = path.indexOf('/', at);
            if (end < 0) {
                end = path.length();
            }
            if (s.charAt(0) == '{') {
                if (params == null) {
                    params = new LinkedHashMap<>();
                }
                params.put(s.substring(1, s.length() - 1), path.substring(at, end));
            } else if (end - at != s.length() || !path.startsWith(s, at)) {
                return null;
            }
            at = end;
        }
        if (!prefix && skipSlashes(path, at) != path.length()) {
            return null; // the path has more segments
        }
        return params == null ? Map.of() : params;
    }

    private static int skipSlashes(String path, int at) {
        while (at < path.length() && path.charAt(at) == '/') {
            at++;
        }
        return at;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
