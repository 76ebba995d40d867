package dev.weft.server;

import dev.weft.protocol.http.HttpFields;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which TCP peers may say who the client really is, and reading what they say. A request's
 * {@code Forwarded} (RFC 7239) or {@code X-Forwarded-For} header is believed only when the
 * direct peer is a trusted proxy, and then only back to the first address that is not itself a
 * trusted proxy: anyone can send the header, so believing it from anyone (WebSocket-Node's
 * default) lets clients choose their own address.
 */
public final class TrustedProxies {
    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<byte[]> networks;
    private final List<Integer> prefixes;

    private TrustedProxies(List<String> cidrs) {
        this.networks = new ArrayList<>();
        this.prefixes = new ArrayList<>();
        for (String cidr : cidrs) {
            int slash = cidr.indexOf('/');
            String host = slash < 0 ? cidr : cidr.substring(0, slash);
            if (!isAddressLiteral(host)) {
                throw new IllegalArgumentException("not an address or CIDR block: " + cidr);
            }
            byte[] addr;
            try {
                addr = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an address: " + cidr, e);
            }
            int bits = slash < 0 ? addr.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            if (bits < 0 || bits > addr.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + cidr);
            }
            networks.add(addr);
            prefixes.add(bits);
        }
    }

    /**
     * Trusts nobody: the client's address is always the TCP peer's. The default.
     *
     * @return the policy that trusts no proxy
     */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * Trusts these addresses and CIDR blocks, such as {@code 10.0.0.0/8}, {@code 127.0.0.1} or {@code ::1/128}.
     *
     * @param cidrs addresses or CIDR blocks, IPv4 or IPv6
     * @return the policy trusting them
     */
    public static TrustedProxies of(String... cidrs) {
        return new TrustedProxies(List.of(cidrs));
    }

    /**
     * Whether {@code address} is a trusted proxy.
     *
     * @param address the address of a TCP peer or of a hop a header names
     * @return true if it is in one of the trusted blocks
     */
    public boolean trusts(InetAddress address) {
        byte[] a = address.getAddress();
        for (int i = 0; i < networks.size(); i++) {
            byte[] n = networks.get(i);
            if (n.length == a.length && samePrefix(n, a, prefixes.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean samePrefix(byte[] a, byte[] b, int bits) {
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[full] & mask) == (b[full] & mask);
    }

    /**
     * The client's address: the peer's, or if the peer is trusted, the nearest untrusted hop its headers name.
     *
     * @param peer the TCP peer's address
     * @param headers the request's header fields
     * @return the client's address
     */
    public InetAddress clientAddress(InetAddress peer, HttpFields headers) {
        if (!trusts(peer)) {
            return peer;
        }
        List<String> hops = forwardedFor(headers);
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = parse(hops.get(i));
            if (hop == null) {
                return client; // an obfuscated or malformed hop: stop at what we know
            }
            client = hop;
            if (!trusts(hop)) {
                return hop;
            }
        }
        return client;
    }

    private static List<String> forwardedFor(HttpFields headers) {
        List<String> hops = new ArrayList<>();
        List<String> forwarded = headers.all("Forwarded");
        if (!forwarded.isEmpty()) {
            for (String element : headers.tokens("Forwarded")) {
                for (String pair : element.split(";")) {
                    String p = pair.strip();
                    if (p.regionMatches(true, 0, "for=", 0, 4)) {
                        hops.add(p.substring(4));
                    }
                }
            }
            return hops;
        }
        return headers.tokens("X-Forwarded-For");
    }

    /** An address from a header hop: bare, quoted, bracketed IPv6, with or without a port; null if it is none. */
    private static InetAddress parse(String hop) {
        String h = hop.strip();
        if (h.startsWith("\"") && h.endsWith("\"") && h.length() >= 2) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0) {
                return null;
            }
            h = h.substring(1, end);
        } else if (h.indexOf(':') >= 0 && h.indexOf(':') == h.lastIndexOf(':')) {
            h = h.substring(0, h.indexOf(':')); // IPv4 with a port
        }
        if (!isAddressLiteral(h)) {
            return null;
        }
        try {
            return InetAddress.getByName(h);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * Only literals: a header must never make the server look a name up. Stricter than
     * {@code Hosts.isAddressLiteral}: every character is checked, since the text comes from
     * whoever sent the request.
     */
    private static boolean isAddressLiteral(String h) {
        if (h.isEmpty()) {
            return false;
        }
        boolean colon = h.indexOf(':') >= 0;
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || (colon && (c == ':' || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
