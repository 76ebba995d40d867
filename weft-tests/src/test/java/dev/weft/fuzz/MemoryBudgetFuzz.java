package dev.weft.fuzz;

import dev.weft.protocol.Outbound;
import dev.weft.protocol.ProtocolConnection;
import dev.weft.protocol.ProtocolEvents;
import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.ProtocolLimits;
import dev.weft.protocol.Role;
import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.protocol.extension.ExtensionChain;
import dev.weft.protocol.extension.ExtensionNegotiation;
import dev.weft.protocol.frame.Opcode;
import dev.weft.protocol.handshake.ExtensionHeader;
import dev.weft.protocol.testing.Deflated;
import dev.weft.protocol.testing.ScriptedBudget;
import dev.weft.protocol.http.HttpParseException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Fuzz target: stopping for memory changes nothing but timing. The input describes messages
 * (plain or compressed, text or binary, in up to eight fragments, pings between, payloads
 * repeated so they inflate far past their size); they are framed as a client would and fed to
 * two server connections with permessage-deflate: one with all the memory it wants, one whose
 * budget grants a few bytes at a time and refuses the rest, the transport's way (unread bytes
 * kept, offered again after a successful retry). Oracle: both report the same events in the same
 * order, and the stingy one gives back every byte it took.
 */
public final class MemoryBudgetFuzz {
    private MemoryBudgetFuzz() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length < 3) {
            return;
        }
        int piece = 1 + (data[0] & 0x3F);
        long grant = 1 + (data[1] & 0xFFL) * 257;
        byte[] wire = frames(data, 2);
        ScriptedBudget plenty = new ScriptedBudget();
        plenty.available = Long.MAX_VALUE / 2;
        List<String> generous = run(wire, piece, plenty, 0);
        ScriptedBudget stingy = new ScriptedBudget();
        List<String> tight = run(wire, piece, stingy, grant);
        if (!generous.equals(tight)) {
            throw new AssertionError("stopping for memory changed the events:\n" + generous + "\n" + tight);
        }
        if (stingy.held != 0) {
            throw new AssertionError(stingy.held + " bytes still held after the connection was released");
        }
    }

    /** Frames the messages the input describes, masked, compressed with one context as a client would. */
    private static byte[] frames(byte[] data, int at) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        int key = 0x5a17c3e9;
        try {
            while (at + 2 <= data.length) {
                int flags = data[at] & 0xFF;
                int length = Math.min(data[at + 1] & 0xFF, data.length - at - 2);
                byte[] unit = Arrays.copyOfRange(data, at + 2, at + 2 + length);
                at += 2 + length;
                boolean compressed = (flags & 1) != 0;
                boolean text = (flags & 2) != 0;
                int fragments = 1 + ((flags >> 2) & 7);
                boolean pings = (flags & 0x20) != 0;
                int repeat = new int[] {1, 4, 32, 256}[(flags >> 6) & 3];
                byte[] payload = new byte[unit.length * repeat];
                for (int r = 0; r < repeat; r++) {
                    System.arraycopy(unit, 0, payload, r * unit.length, unit.length);
                }
                if (text) {
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] &= 0x7F; // ASCII: valid UTF-8 however it is cut
                    }
                }
                byte[] body = compressed ? Deflated.message(deflater, payload) : payload;
                for (int f = 0; f < fragments; f++) {
                    int from = (int) ((long) body.length * f / fragments);
                    int to = (int) ((long) body.length * (f + 1) / fragments);
                    int op = f == 0 ? (text ? Opcode.TEXT.code() : Opcode.BINARY.code()) : 0;
                    int rsv = f == 0 && compressed ? 0x40 : 0;
                    frame(out, (f == fragments - 1 ? 0x80 : 0) | rsv | op, Arrays.copyOfRange(body, from, to), key += 0x9e3779b9);
                    if (pings && f < fragments - 1) {
                        frame(out, 0x80 | Opcode.PING.code(), new byte[] {(byte) f}, key += 0x9e3779b9);
                    }
                }
            }
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    private static void frame(ByteArrayOutputStream out, int first, byte[] payload, int key) {
        out.write(first);
        int n = payload.length;
        if (n < 126) {
            out.write(0x80 | n);
        } else if (n <= 0xFFFF) {
            out.write(0x80 | 126);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x80 | 127);
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) ((long) n >> s));
            }
        }
        for (int s = 24; s >= 0; s -= 8) {
            out.write(key >>> s);
        }
        for (int i = 0; i < n; i++) {
            out.write(payload[i] ^ (key >>> (24 - 8 * (i & 3))));
        }
    }

    /** Feeds {@code wire} in pieces through {@code budget}, granting {@code grant} bytes each time the connection waits. */
    private static List<String> run(byte[] wire, int piece, ScriptedBudget budget, long grant) {
        List<String> events = new ArrayList<>();
        ProtocolConnection.Builder b = ProtocolConnection.builder(Role.SERVER)
                .limits(ProtocolLimits.builder().maxMessageSize(1 << 15).build())
                .outbound(new Outbound() {
                    @Override
                    public void write(ByteBuffer frame, ByteBuffer payload) {
                    }

                    @Override
                    public void closeTransport() {
                    }
                })
                .events(new ProtocolEvents() {
                    @Override
                    public void onText(String text) {
                        events.add("text " + text.length() + " " + text.hashCode());
                    }

                    @Override
                    public void onBinary(ByteBuffer data) {
                        events.add("binary " + data.remaining() + " " + data.hashCode());
                    }

                    @Override
                    public void onPing(ByteBuffer payload) {
                        events.add("ping " + payload.hashCode());
                    }

                    @Override
                    public void onFailure(ProtocolException error) {
                        Oracle.checkCloseCode(error);
                        events.add("failure " + error.closeCode());
                    }
                });
        try {
            b.extensions(new ExtensionChain(ExtensionNegotiation.server(List.of(PerMessageDeflate.defaults()),
                    ExtensionHeader.parse(List.of("permessage-deflate"))).extensions()));
        } catch (HttpParseException e) {
            throw new AssertionError(e);
        }
        b.inboundMemory(budget);
        ProtocolConnection conn = b.build();
        try {
            budget.feed(conn, wire, piece, grant);
        } finally {
            conn.release();
        }
        return events;
    }
}
