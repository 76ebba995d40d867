package dev.weft.fuzz;

import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.ProtocolLimits;
import dev.weft.protocol.Role;
import dev.weft.protocol.frame.FrameParser;
import dev.weft.protocol.frame.FrameSink;
import dev.weft.protocol.frame.Opcode;

import java.nio.ByteBuffer;

/**
 * Fuzz target: the frame parser in both roles, with the input cut in two at a point the input
 * chooses. Oracle: every input is parsed or refused with a {@link ProtocolException} carrying a
 * close code from the design's table; any other exception is a finding.
 */
public final class FrameParserFuzz {
    private FrameParserFuzz() {
    }

    private static final FrameSink SINK = new FrameSink() {
        @Override
        public void frameStart(boolean fin, int rsv, Opcode opcode, long length) {
            if (length < 0 || opcode == null) {
                throw new AssertionError("bad frame start " + opcode + " " + length);
            }
        }

        @Override
        public void framePayload(ByteBuffer payload, boolean endOfFrame) {
            if (payload.remaining() < 0) {
                throw new AssertionError();
            }
        }
    };

    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int cut = (data[0] & 0xFF) % data.length;
        for (Role role : Role.values()) {
            FrameParser parser = new FrameParser(role, ProtocolLimits.builder().maxMessageSize(1 << 16).build());
            parser.allowRsv(data.length > 1 && (data[1] & 1) != 0 ? FrameParser.RSV1 : 0);
            try {
                ByteBuffer first = ByteBuffer.wrap(data, 1, Math.max(0, cut - 1)).slice();
                parser.parse(first, SINK);
                if (first.hasRemaining()) {
                    throw new AssertionError("parser left bytes without being stopped");
                }
                parser.parse(ByteBuffer.wrap(data, cut, data.length - cut).slice(), SINK);
            } catch (ProtocolException e) {
                Oracle.checkCloseCode(e);
            }
        }
    }
}
