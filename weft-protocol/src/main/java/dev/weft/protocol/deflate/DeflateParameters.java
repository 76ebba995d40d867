package dev.weft.protocol.deflate;

import dev.weft.protocol.handshake.ExtensionOffer;
import dev.weft.protocol.handshake.ExtensionParam;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The four parameters of permessage-deflate (RFC 7692 §7.1), read from an offer or a response
 * and checked: no parameter twice, no unknown parameter, window bits a whole number from 8 to
 * 15 (the client's may also come without a value in an offer), no-context-takeover without one.
 *
 * @param serverNoContextTakeover the server resets its compressor after each message
 * @param clientNoContextTakeover the client resets its compressor after each message
 * @param serverMaxWindowBits     the server's LZ77 window, 8–15, or 0 if not given
 * @param clientMaxWindowBits     the client's window, 8–15; -1 for "given without a value"; 0 if not given
 */
record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                         int serverMaxWindowBits, int clientMaxWindowBits) {
    static final String NAME = "permessage-deflate";

    /** Reads and checks the parameters; throws IllegalArgumentException saying what is wrong. */
    static DeflateParameters parse(ExtensionOffer offer, boolean isResponse) {
        boolean snct = false;
        boolean cnct = false;
        int smwb = 0;
        int cmwb = 0;
        Set<String> seen = new HashSet<>();
        for (ExtensionParam p : offer.params()) {
            String name = p.name().toLowerCase(java.util.Locale.ROOT);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("parameter " + name + " given twice");
            }
            switch (name) {
                case "server_no_context_takeover" -> {
                    requireNoValue(p);
                    snct = true;
                }
                case "client_no_context_takeover" -> {
                    requireNoValue(p);
                    cnct = true;
                }
                case "server_max_window_bits" -> smwb = windowBits(p, false);
                case "client_max_window_bits" -> {
                    // In an offer the client may send it bare ("I can be limited"); a response must give a value.
                    cmwb = p.value() == null && !isResponse ? -1 : windowBits(p, false);
                }
                default -> throw new IllegalArgumentException("unknown parameter " + name);
            }
        }
        return new DeflateParameters(snct, cnct, smwb, cmwb);
    }

    private static void requireNoValue(ExtensionParam p) {
        if (p.value() != null) {
            throw new IllegalArgumentException(p.name() + " takes no value");
        }
    }

    private static int windowBits(ExtensionParam p, boolean optional) {
        if (p.value() == null) {
            if (optional) {
                return -1;
            }
            throw new IllegalArgumentException(p.name() + " needs a value");
        }
        String v = p.value();
        if (v.isEmpty() || v.length() > 2 || !v.chars().allMatch(Character::isDigit) || v.startsWith("0")) {
            throw new IllegalArgumentException(p.name() + " must be a number from 8 to 15, not " + v);
        }
        int bits = Integer.parseInt(v);
        if (bits < 8 || bits > 15) {
            throw new IllegalArgumentException(p.name() + " must be from 8 to 15, not " + bits);
        }
        return bits;
    }

    /** These parameters as an offer or response. */
    ExtensionOffer toOffer() {
        List<ExtensionParam> params = new ArrayList<>();
        if (serverNoContextTakeover) {
            params.add(new ExtensionParam("server_no_context_takeover", null));
        }
        if (clientNoContextTakeover) {
            params.add(new ExtensionParam("client_no_context_takeover", null));
        }
        if (serverMaxWindowBits > 0) {
            params.add(new ExtensionParam("server_max_window_bits", Integer.toString(serverMaxWindowBits)));
        }
        if (clientMaxWindowBits != 0) {
            params.add(new ExtensionParam("client_max_window_bits", clientMaxWindowBits < 0 ? null : Integer.toString(clientMaxWindowBits)));
        }
        return new ExtensionOffer(NAME, params);
    }
}
