package dev.weft.fuzz;

import dev.weft.protocol.handshake.ExtensionHeader;
import dev.weft.protocol.handshake.ExtensionOffer;
import dev.weft.protocol.http.HttpParseException;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz target: the Sec-WebSocket-Extensions grammar. Oracle: parsed offers that format and
 * parse back to themselves, or an {@link HttpParseException} with 400.
 */
public final class ExtensionHeaderFuzz {
    private ExtensionHeaderFuzz() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        String value = new String(data, StandardCharsets.ISO_8859_1);
        List<ExtensionOffer> offers;
        try {
            offers = ExtensionHeader.parse(List.of(value));
        } catch (HttpParseException e) {
            Oracle.checkStatus(e);
            return;
        }
        try {
            List<ExtensionOffer> again = ExtensionHeader.parse(List.of(ExtensionHeader.format(offers)));
            if (!again.equals(offers)) {
                throw new AssertionError("format/parse round trip changed " + offers + " into " + again);
            }
        } catch (HttpParseException e) {
            throw new AssertionError("formatted offers do not parse: " + ExtensionHeader.format(offers), e);
        }
    }
}
