package dev.weft.testing;

import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.extension.ClientExtensionFactory;
import dev.weft.protocol.extension.Extension;
import dev.weft.protocol.extension.SharedEncoder;
import dev.weft.protocol.extension.ServerExtensionFactory;
import dev.weft.protocol.frame.FrameParser;
import dev.weft.protocol.frame.Opcode;
import dev.weft.protocol.handshake.ExtensionOffer;
import dev.weft.protocol.handshake.ExtensionParam;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A toy user extension, "x-weft-xor; key=N": every byte of a message is XORed with a key the
 * two sides agree on, and RSV2 marks the first frame. It proves the extension SPI carries a
 * user's codec end to end, beside permessage-deflate (which owns RSV1). Counts the messages it
 * transformed, so a test can see it ran.
 */
public final class XorExtension implements ServerExtensionFactory, ClientExtensionFactory {
    public final AtomicInteger encoded = new AtomicInteger();
    public final AtomicInteger decoded = new AtomicInteger();
    /** Whole messages encoded once for every server connection with the same key (published to a topic). */
    public final AtomicInteger sharedEncodes = new AtomicInteger();
    private final java.util.Map<Integer, SharedEncoder> shared = new java.util.concurrent.ConcurrentHashMap<>();
    private final int key;

    public XorExtension(int key) {
        this.key = key;
    }

    @Override
    public String name() {
        return "x-weft-xor";
    }

    @Override
    public Accepted acceptOffer(ExtensionOffer offer) {
        ExtensionParam p = offer.param("key");
        if (p == null || p.value() == null) {
            return null;
        }
        int k = Integer.parseInt(p.value());
        return new Accepted(offer, new Codec(k));
    }

    @Override
    public List<ExtensionOffer> offers() {
        return List.of(new ExtensionOffer(name(), List.of(new ExtensionParam("key", Integer.toString(key)))));
    }

    @Override
    public Extension acceptResponse(ExtensionOffer response) {
        ExtensionParam p = response.param("key");
        if (p == null || p.value() == null || Integer.parseInt(p.value()) != key) {
            throw new IllegalArgumentException("x-weft-xor answered without our key");
        }
        return new Codec(key);
    }

    private final class Codec implements Extension {
        private final byte k;

        Codec(int key) {
            this.k = (byte) key;
        }

        @Override
        public String name() {
            return "x-weft-xor";
        }

        @Override
        public int rsvBits() {
            return FrameParser.RSV2;
        }

        @Override
        public boolean incoming(int rsv, boolean firstFrame) {
            return firstFrame && (rsv & FrameParser.RSV2) != 0;
        }

        @Override
        public boolean decode(ByteBuffer in, boolean last, long budget, Sink out) throws ProtocolException {
            out.accept(xor(in), false);
            if (last) {
                decoded.incrementAndGet();
                out.accept(ByteBuffer.allocate(0), true);
            }
            return true;
        }

        @Override
        public boolean encodes(Opcode type, long length, boolean wanted) {
            return true;
        }

        @Override
        public int rsvForEncoded() {
            return FrameParser.RSV2;
        }

        @Override
        public SharedEncoder sharedEncoder() {
            // XOR with a fixed key keeps no state: every connection with this key can share the output.
            return shared.computeIfAbsent((int) k, key -> new SharedEncoder() {
                @Override
                public ByteBuffer encodeMessage(Opcode type, ByteBuffer payload) {
                    sharedEncodes.incrementAndGet();
                    return xor(payload);
                }

                @Override
                public int rsv() {
                    return FrameParser.RSV2;
                }
            });
        }

        @Override
        public void encode(ByteBuffer in, boolean last, Output out) {
            if (last) {
                encoded.incrementAndGet();
            }
            out.accept(xor(in), last);
        }

        private ByteBuffer xor(ByteBuffer in) {
            ByteBuffer b = ByteBuffer.allocate(in.remaining());
            for (int i = in.position(); i < in.limit(); i++) {
                b.put((byte) (in.get(i) ^ k));
            }
            return b.flip();
        }

        @Override
        public void close() {
        }
    }
}
