package dev.weft.fuzz;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * For every window from 8 to 15 bits, with and without context takeover: random messages (JSON,
 * noise, and blocks repeated at random distances up to three windows apart, within and across
 * messages), sent whole or in random parts, come back from weft's inflater and from a decoder
 * that refuses any back-reference beyond the window.
 */
class BoundedDeflatePropertyTest {
    static Stream<Arguments> windows() {
        return IntStream.rangeClosed(8, 15).boxed()
                .flatMap(bits -> Stream.of(Arguments.of(bits, true), Arguments.of(bits, false)));
    }

    @ParameterizedTest(name = "{0} bits, context takeover {1}")
    @MethodSource("windows")
    void everyMessageComesBackAndNoReferencePassesTheWindow(int bits, boolean takeover) {
        Random random = new Random(bits * 31L + (takeover ? 1 : 0));
        int window = 1 << bits;
        byte[] earlier = new byte[0];
        try (BoundedDeflateRoundTrip conversation = new BoundedDeflateRoundTrip(bits, takeover)) {
            for (int k = 0; k < 60; k++) {
                byte[] message = message(random, window, earlier);
                int cuts = random.nextInt(3);
                int[] at = random.ints(cuts, 0, message.length + 1).sorted().toArray();
                conversation.roundTrip(message, at);
                earlier = message;
            }
        }
    }

    private static byte[] message(Random random, int window, byte[] earlier) {
        int length = random.nextInt(4 * window + 1);
        byte[] m = new byte[length];
        int kind = random.nextInt(4);
        if (kind == 0) {
            String json = "{\"id\":" + random.nextInt(1000) + ",\"name\":\"weft\",\"tags\":[\"a\",\"b\"],\"ok\":true}";
            byte[] unit = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int i = 0; i < length; i++) {
                m[i] = unit[i % unit.length];
            }
        } else if (kind == 1) {
            random.nextBytes(m);
        } else if (kind == 2) {
            // A block of noise repeated at a distance up to three windows.
            random.nextBytes(m);
            int distance = 1 + random.nextInt(3 * window);
            for (int i = distance; i < length; i++) {
                m[i] = m[i - distance];
            }
        } else {
            // The previous message again, in part: a reference across messages.
            for (int i = 0; i < length; i++) {
                m[i] = earlier.length == 0 ? (byte) i : earlier[i % earlier.length];
            }
        }
        return m;
    }
}
