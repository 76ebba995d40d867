package dev.weft.protocol.testing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Ways to cut an input into reads, so every parser is tested at every byte boundary. */
public final class Splits {
    private Splits() {
    }

    /**
     * The whole input; then every cut into two pieces (for long inputs, every cut within 64
     * bytes of either end and a sample between); then one byte at a time.
     */
    public static List<List<byte[]>> all(byte[] input) {
        List<List<byte[]>> out = new ArrayList<>();
        out.add(List.of(input));
        for (int cut = 1; cut < input.length; cut++) {
            // Every cut near the ends, where headers live; a sample in the middle of long inputs.
            if (cut > 64 && cut < input.length - 64 && cut % 997 != 0) {
                continue;
            }
            out.add(List.of(java.util.Arrays.copyOfRange(input, 0, cut),
                    java.util.Arrays.copyOfRange(input, cut, input.length)));
        }
        List<byte[]> bytewise = new ArrayList<>();
        for (byte b : input) {
            bytewise.add(new byte[] {b});
        }
        out.add(bytewise);
        return out;
    }

    /** Feeds each piece as its own heap buffer, asserting nothing is left unread unless {@code consumer} stops early. */
    public static void feed(List<byte[]> pieces, Consumer<ByteBuffer> consumer) {
        for (byte[] p : pieces) {
            consumer.accept(ByteBuffer.wrap(p.clone()));
        }
    }
}
