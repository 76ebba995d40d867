package dev.weft.protocol.http;

/**
 * Shared {@link String}s for the parts of handshake heads that repeat: the header names and
 * values nearly every WebSocket handshake carries ({@code Upgrade: websocket},
 * {@code Sec-WebSocket-Version: 13}, ...), and a small table of recently seen short strings,
 * which catches what repeats within one application (its {@code Host}, {@code Origin}, paths,
 * user agents). A server keeps every connection's handshake request for the application, so
 * sharing them saves a few hundred bytes per open connection.
 *
 * <p>The recent table is a fixed array written without locks: a slot holds one immutable
 * String, so a racing reader sees either the old one or the new one, and a miss only costs
 * the copy that would have been made anyway. Input that never repeats (each request's key)
 * just replaces entries; it cannot grow anything.
 */
final class CommonStrings {
    private static final String[] ALL = {
        "GET", "HTTP/1.1", "/", "Host", "Upgrade", "Connection", "websocket", "Origin", "User-Agent", "Cookie",
        "Accept", "Accept-Encoding", "Accept-Language", "Cache-Control", "Pragma", "no-cache", "keep-alive",
        "Upgrade, keep-alive", "keep-alive, Upgrade", "gzip, deflate", "gzip, deflate, br", "13", "8",
        "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol",
        "Sec-WebSocket-Accept", "permessage-deflate", "permessage-deflate; client_max_window_bits",
        "Switching Protocols", "Content-Length", "Content-Type", "Date", "Server",
    };
    private static final int LONGEST = 64;
    private static final String[] RECENT = new String[512];
    /** The strings by length, so a lookup compares only candidates of the right size. */
    private static final String[][] BY_LENGTH = new String[LONGEST + 1][];

    static {
        for (String s : ALL) {
            String[] row = BY_LENGTH[s.length()];
            String[] grown = row == null ? new String[1] : java.util.Arrays.copyOf(row, row.length + 1);
            grown[grown.length - 1] = s;
            BY_LENGTH[s.length()] = grown;
        }
    }

    private CommonStrings() {
    }

    /** {@code text.substring(start, end)}, as the shared instance when it is one of the common strings. */
    static String substring(String text, int start, int end) {
        int length = end - start;
        String[] row = length <= LONGEST ? BY_LENGTH[length] : null;
        if (row != null) {
            for (String candidate : row) {
                if (text.startsWith(candidate, start)) {
                    return candidate;
                }
            }
        }
        if (length > LONGEST) {
            return text.substring(start, end);
        }
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        int slot = (hash ^ (hash >>> 16)) & (RECENT.length - 1);
        String recent = RECENT[slot];
        if (recent != null && recent.length() == length && text.startsWith(recent, start)) {
            return recent;
        }
        String fresh = text.substring(start, end);
        RECENT[slot] = fresh;
        return fresh;
    }
}
