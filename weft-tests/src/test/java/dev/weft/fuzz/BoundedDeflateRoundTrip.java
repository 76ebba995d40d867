package dev.weft.fuzz;

import dev.weft.conformance.StrictInflater;
import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.protocol.extension.Extension;
import dev.weft.protocol.extension.ExtensionNegotiation;
import dev.weft.protocol.frame.Opcode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * One permessage-deflate conversation direction at a chosen window: weft's compressor (as
 * agreed by weft's own negotiation) and, for every message, two decoders: weft's inflater and
 * {@link StrictInflater}, which refuses any back-reference beyond the window. The oracle of the
 * window property test and the deflate fuzz target.
 */
final class BoundedDeflateRoundTrip implements AutoCloseable {
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
    private final Extension sender;
    private final Extension receiver;
    private final StrictInflater strict;
    private final boolean takeover;

    BoundedDeflateRoundTrip(int bits, boolean takeover) {
        PerMessageDeflate pmd = PerMessageDeflate.builder().threshold(0).serverMaxWindowBits(bits).clientMaxWindowBits(bits)
                .serverNoContextTakeover(!takeover).clientNoContextTakeover(!takeover).build();
        ExtensionNegotiation.Agreed agreed = ExtensionNegotiation.server(List.of(pmd), pmd.offers());
        receiver = agreed.extensions().get(0);
        sender = ExtensionNegotiation.client(List.of(pmd), agreed.responses()).get(0);
        strict = new StrictInflater(bits);
        this.takeover = takeover;
    }

    /**
     * Sends one message, in parts cut at {@code cuts} (offsets into it), and checks that both
     * decoders give it back.
     *
     * @throws AssertionError if either decoder fails or differs
     */
    void roundTrip(byte[] message, int... cuts) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        int from = 0;
        int[] ends = Arrays.copyOf(cuts, cuts.length + 1);
        ends[cuts.length] = message.length;
        sender.encodes(Opcode.BINARY, message.length, true);
        for (int i = 0; i < ends.length; i++) {
            int to = Math.max(from, Math.min(ends[i], message.length));
            boolean last = i == ends.length - 1;
            sender.encode(ByteBuffer.wrap(message, from, to - from), last, (d, fin) -> {
                byte[] b = new byte[d.remaining()];
                d.get(b);
                compressed.write(b, 0, b.length);
            });
            from = to;
        }
        byte[] data = compressed.toByteArray();
        byte[] strictly;
        try {
            strictly = strict.inflate(concat(data, TAIL));
        } catch (StrictInflater.Invalid e) {
            java.util.zip.Inflater z = new java.util.zip.Inflater(true);
            String zlib;
            try {
                z.setInput(concat(data, TAIL));
                byte[] o = new byte[message.length + 100];
                int n = z.inflate(o);
                zlib = "zlib inflated " + n + " bytes, equal=" + Arrays.equals(Arrays.copyOf(o, n), message);
            } catch (java.util.zip.DataFormatException x) {
                zlib = "zlib also fails: " + x.getMessage();
            } finally {
                z.end();
            }
            throw new AssertionError("weft's compressor broke the window: " + e.getMessage() + " (" + zlib + "; "
                    + message.length + " bytes, " + data.length + " compressed: " + java.util.HexFormat.of().formatHex(data)
                    + " from " + java.util.HexFormat.of().formatHex(message) + " cut at " + Arrays.toString(cuts) + ")");
        }
        if (!takeover) {
            strict.reset();
        }
        if (!Arrays.equals(strictly, message)) {
            throw new AssertionError("the strict decoder read back something else (" + strictly.length + " bytes for "
                    + message.length + ")");
        }
        ByteArrayOutputStream inflated = new ByteArrayOutputStream();
        try {
            receiver.incoming(4, true);
            receiver.decode(ByteBuffer.wrap(data), true, Long.MAX_VALUE, (d, fin) -> {
                byte[] b = new byte[d.remaining()];
                d.get(b);
                inflated.write(b, 0, b.length);
            });
        } catch (ProtocolException e) {
            throw new AssertionError("weft's inflater refused weft's compressor: " + e.getMessage());
        }
        if (!Arrays.equals(inflated.toByteArray(), message)) {
            throw new AssertionError("weft's inflater read back something else");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Override
    public void close() {
        sender.close();
        receiver.close();
    }
}
