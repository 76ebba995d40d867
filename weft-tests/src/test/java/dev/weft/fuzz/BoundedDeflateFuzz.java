package dev.weft.fuzz;

import java.util.Arrays;

/**
 * Fuzz target: permessage-deflate at any window, 8 to 15 bits. The first byte picks the window
 * and whether contexts are kept; the rest is a series of messages (each led by a byte giving its
 * length in 16-byte steps, and one giving a cut into parts), with repeats the fuzzer will find
 * at every distance. Oracle ({@link BoundedDeflateRoundTrip}): every message comes back from
 * weft's inflater and from a decoder that refuses any reference beyond the window.
 */
public final class BoundedDeflateFuzz {
    private BoundedDeflateFuzz() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length < 1) {
            return;
        }
        int bits = 8 + (data[0] & 7);
        boolean takeover = (data[0] & 8) == 0;
        try (BoundedDeflateRoundTrip conversation = new BoundedDeflateRoundTrip(bits, takeover)) {
            int at = 1;
            while (at + 2 <= data.length) {
                int length = (data[at] & 0xFF) * 16;
                int cut = data[at + 1] & 0xFF;
                at += 2;
                byte[] message = new byte[length];
                // The message cycles through what the input holds from here, so repeats come at any distance.
                for (int i = 0; i < length && at < data.length; i++) {
                    message[i] = data[at + i % Math.max(1, data.length - at)];
                }
                int taken = Math.min(length, data.length - at);
                at += taken;
                conversation.roundTrip(Arrays.copyOf(message, length), cut * 16);
            }
        }
    }
}
