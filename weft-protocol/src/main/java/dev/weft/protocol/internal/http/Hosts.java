package dev.weft.protocol.internal.http;

/** What a host in a URI or Host header is. */
public final class Hosts {
    private Hosts() {
    }

    /**
     * Whether {@code host} is an IP address literal (dotted IPv4, or IPv6 with or without
     * brackets) rather than a name: a literal needs no lookup and gets no SNI.
     */
    public static boolean isAddressLiteral(String host) {
        if (host.isEmpty()) {
            return false;
        }
        if (host.startsWith("[") || host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }
}
