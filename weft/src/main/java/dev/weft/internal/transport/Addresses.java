package dev.weft.internal.transport;

import java.net.InetSocketAddress;

/** Socket addresses as people write them, for logs and messages. */
public final class Addresses {
    private Addresses() {
    }

    /**
     * An address as people write it: {@code 127.0.0.1:8080}, {@code [::1]:80}, or with the name it
     * was asked by, {@code example.com (93.184.216.34):443}; never {@code /127.0.0.1:8080}.
     *
     * @param a the address, resolved or not
     * @return the text
     */
    public static String shown(InetSocketAddress a) {
        String ip = a.getAddress() == null ? null : a.getAddress().getHostAddress();
        String host = a.getHostString();
        String literal = ip == null || ip.equals(host) ? host : host + " (" + ip + ")";
        return (literal.indexOf(':') >= 0 && literal.indexOf('(') < 0 ? "[" + literal + "]" : literal) + ":" + a.getPort();
    }
}
