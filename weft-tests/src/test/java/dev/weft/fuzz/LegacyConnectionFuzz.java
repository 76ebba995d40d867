package dev.weft.fuzz;

import dev.weft.protocol.Outbound;
import dev.weft.protocol.ProtocolEvents;
import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.close.CloseStatus;
import dev.weft.protocol.internal.legacy.LegacyConnection;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target: the legacy drafts' framing (hixie-75 and -76), fed whole and cut in two at a
 * point the input chooses. Oracles: no exception escapes; a failure carries a documented close
 * code; messages stay within the limit; and how the reads were cut changes nothing: the same
 * events, the same bytes written, the same end state.
 */
public final class LegacyConnectionFuzz {
    private static final int LIMIT = 1 << 12;

    private LegacyConnectionFuzz() {
    }

    /** Everything a connection reported and wrote, as comparable strings. */
    private static final class Record implements ProtocolEvents, Outbound {
        final List<String> seen = new ArrayList<>();

        @Override
        public void onText(String text) {
            if (text.length() > LIMIT) {
                throw new AssertionError("message of " + text.length() + " chars passed the limit");
            }
            seen.add("text " + text);
        }

        @Override
        public void onCloseReceived(CloseStatus status) {
            seen.add("close " + status.code());
        }

        @Override
        public void onFailure(ProtocolException error) {
            Oracle.checkCloseCode(error);
            seen.add("failure " + error.error());
        }

        @Override
        public void write(ByteBuffer frame, ByteBuffer payload) {
            seen.add("write " + (frame == null ? 0 : frame.remaining()) + "+" + (payload == null ? 0 : payload.remaining()));
        }

        @Override
        public void closeTransport() {
            seen.add("close transport");
        }
    }

    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int version = (data[0] & 1) == 0 ? 75 : 76;
        int cut = 1 + (data[0] & 0xFF) % data.length;
        Record whole = run(version, List.of(ByteBuffer.wrap(data, 1, data.length - 1)));
        Record split = run(version, List.of(ByteBuffer.wrap(data, 1, Math.min(cut, data.length) - 1),
                ByteBuffer.wrap(data, Math.min(cut, data.length), data.length - Math.min(cut, data.length))));
        if (!whole.seen.equals(split.seen)) {
            throw new AssertionError("cutting the input at " + cut + " changed the outcome:\n" + whole.seen + "\n" + split.seen);
        }
    }

    private static Record run(int version, List<ByteBuffer> reads) {
        Record r = new Record();
        LegacyConnection c = new LegacyConnection(version, LIMIT, r, r);
        for (ByteBuffer in : reads) {
            c.receive(in.slice());
        }
        c.receiveEof();
        r.seen.add("state " + c.state() + " clean " + c.isCleanClose());
        return r;
    }
}
