package dev.weft.fuzz;

import dev.weft.protocol.handshake.HandshakeRejection;
import dev.weft.protocol.handshake.ServerHandshake;
import dev.weft.protocol.http.HeadLimits;
import dev.weft.protocol.http.HttpHeadParser;
import dev.weft.protocol.http.HttpParseException;

import java.nio.ByteBuffer;

/**
 * Fuzz target: the HTTP/1.1 head parser for requests and responses, fed in two pieces, and the
 * server's upgrade checks on any request it accepts. Oracle: a parsed head, or an
 * {@link HttpParseException} with 400, 414, 431 or 505; a rejected upgrade has a 4xx status.
 */
public final class HttpHeadParserFuzz {
    private HttpHeadParserFuzz() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        int cut = data.length == 0 ? 0 : (data[0] & 0xFF) % (data.length + 1);
        HeadLimits limits = new HeadLimits(2048, 32, 1024);
        HttpHeadParser request = HttpHeadParser.forRequest(limits);
        try {
            if (!request.feed(ByteBuffer.wrap(data, 0, cut)) && request.feed(ByteBuffer.wrap(data, cut, data.length - cut))) {
                try {
                    ServerHandshake.validate(request.request());
                } catch (HandshakeRejection r) {
                    if (r.status() < 400 || r.status() > 499) {
                        throw new AssertionError("rejection with status " + r.status(), r);
                    }
                }
            }
        } catch (HttpParseException e) {
            Oracle.checkStatus(e);
        }
        HttpHeadParser response = HttpHeadParser.forResponse(limits);
        try {
            response.feed(ByteBuffer.wrap(data));
        } catch (HttpParseException e) {
            Oracle.checkStatus(e);
        }
    }
}
