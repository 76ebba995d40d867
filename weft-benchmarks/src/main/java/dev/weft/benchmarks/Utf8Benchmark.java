package dev.weft.benchmarks;

import dev.weft.protocol.internal.text.Utf8Validator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * UTF-8 validation of 64 KiB of text: weft's validator against the JDK decoding the same bytes,
 * both lenient ({@code new String}) and strict (a reporting {@code CharsetDecoder}, the JDK's
 * only way to validate).
 */
@State(Scope.Thread)
public class Utf8Benchmark {
    /** ascii: English-like text; mixed: Latin, Greek, CJK and emoji; emoji: mostly four-byte sequences. */
    @Param({"ascii", "mixed", "emoji"})
    public String text;

    private byte[] bytes;
    private final Utf8Validator validator = new Utf8Validator();
    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private CharBuffer chars;

    @Setup
    public void setup() {
        bytes = sample(text, 64 * 1024);
        chars = CharBuffer.allocate(bytes.length);
    }

    static byte[] sample(String kind, int size) {
        Random r = new Random(8);
        StringBuilder sb = new StringBuilder();
        String words = "the quick brown fox jumps over the lazy dog while {\"json\": [1, 2, 3]} ";
        while (sb.toString().getBytes(StandardCharsets.UTF_8).length < size) {
            for (int i = 0; i < 256; i++) {
                switch (kind) {
                    case "ascii" -> sb.append(words.charAt(r.nextInt(words.length())));
                    case "mixed" -> sb.appendCodePoint(switch (r.nextInt(6)) {
                        case 0, 1 -> words.charAt(r.nextInt(words.length()));
                        case 2 -> 0xE0 + r.nextInt(0x20);       // Latin-1 accents, two bytes
                        case 3 -> 0x3B1 + r.nextInt(0x18);      // Greek, two bytes
                        case 4 -> 0x4E00 + r.nextInt(0x5000);   // CJK, three bytes
                        default -> 0x1F600 + r.nextInt(0x40);   // emoji, four bytes
                    });
                    case "emoji" -> sb.appendCodePoint(0x1F600 + r.nextInt(0x40));
                    default -> throw new IllegalArgumentException(kind);
                }
            }
        }
        byte[] all = sb.toString().getBytes(StandardCharsets.UTF_8);
        // Cut at a character boundary at or below size.
        int end = Math.min(size, all.length);
        while (end > 0 && end < all.length && (all[end] & 0xC0) == 0x80) {
            end--;
        }
        return java.util.Arrays.copyOf(all, end);
    }

    @Benchmark
    public boolean weftValidate() {
        validator.reset();
        return validator.validate(bytes, 0, bytes.length) < 0 && validator.isComplete();
    }

    @Benchmark
    public String jdkNewStringBaseline() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Benchmark
    public CharBuffer jdkStrictDecoderBaseline() throws CharacterCodingException {
        strict.reset();
        chars.clear();
        if (strict.decode(ByteBuffer.wrap(bytes), chars, true).isError()) {
            throw new CharacterCodingException();
        }
        return chars;
    }
}
