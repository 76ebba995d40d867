package dev.weft.conformance;

import dev.weft.protocol.testing.RawFrame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Group 6: UTF-8 in text messages. Valid text arrives whatever the fragmentation, even split
 * inside a character; invalid text fails with 1007, and fails fast: as soon as the first byte
 * that cannot be valid arrives, before the rest of the message (the case is NON-STRICT if weft
 * only fails at the message's end).
 */
final class Utf8Cases {
    private Utf8Cases() {
    }

    private static byte[] hex(String s) {
        return HexFormat.ofDelimiter(" ").parseHex(s);
    }

    private static final byte[] KOSME = "κόσμε".getBytes(StandardCharsets.UTF_8);

    /** Valid sequences at every boundary of RFC 3629's table (from Markus Kuhn's UTF-8 test file). */
    static final String[][] VALID = {
        {"U+0000", "00"}, {"U+007F", "7f"}, {"U+0080", "c2 80"}, {"U+07FF", "df bf"}, {"U+0800", "e0 a0 80"},
        {"U+D7FF", "ed 9f bf"}, {"U+E000", "ee 80 80"}, {"U+FFFD", "ef bf bd"}, {"U+FFFF", "ef bf bf"},
        {"U+10000", "f0 90 80 80"}, {"U+10FFFF", "f4 8f bf bf"}, {"kosme", "ce ba e1 bd b9 cf 83 ce bc ce b5"},
    };

    /** Invalid sequences of every kind: overlong, surrogate, above U+10FFFF, stray, truncated, impossible bytes. */
    static final String[][] INVALID = {
        {"overlong NUL", "c0 80"}, {"overlong /", "c0 af"}, {"overlong / in 3", "e0 80 af"}, {"overlong / in 4", "f0 80 80 af"},
        {"overlong U+07FF in 3", "e0 9f bf"}, {"overlong U+FFFF in 4", "f0 8f bf bf"}, {"5-byte form", "f8 88 80 80 80"},
        {"U+D800", "ed a0 80"}, {"U+DFFF", "ed bf bf"}, {"surrogate pair", "ed a0 80 ed b0 80"},
        {"U+110000", "f4 90 80 80"}, {"F5 lead", "f5 80 80 80"}, {"stray 80", "80"}, {"stray BF", "bf"},
        {"two continuations", "80 bf"}, {"lead then ASCII", "c2 41"}, {"truncated 3-byte", "e2 82"},
        {"truncated 4-byte", "f0 9f 98"}, {"FE", "fe"}, {"FF", "ff"}, {"FE FE FF FF", "fe fe ff ff"},
        {"C1 BF", "c1 bf"}, {"kosme with a surrogate", "ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64"},
    };

    /** Frames carrying {@code bytes} as a text message, one fragment per byte. */
    static RawFrame[] perByte(byte[] bytes) {
        if (bytes.length == 0) {
            return new RawFrame[] {RawFrame.text("")};
        }
        RawFrame[] frames = new RawFrame[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            RawFrame f = i == 0 ? RawFrame.opcode(1).payload(new byte[] {bytes[i]}) : RawFrame.continuation(new byte[] {bytes[i]});
            frames[i] = f.fin(i == bytes.length - 1);
        }
        return frames;
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("6.1.1", "empty text message", p -> {
            p.send(RawFrame.text(""));
            p.expectText("");
            p.closeNormally();
        }));
        cases.add(new Case("6.1.2", "empty text message in three empty fragments", p -> {
            p.send(RawFrame.text("").fin(false), RawFrame.continuation("").fin(false), RawFrame.continuation(""));
            p.expectText("");
            p.closeNormally();
        }));
        cases.add(new Case("6.1.3", "text in three fragments, the first and last empty", p -> {
            p.send(RawFrame.text("").fin(false), RawFrame.continuation("middle").fin(false), RawFrame.continuation(""));
            p.expectText("middle");
            p.closeNormally();
        }));
        String mixed = "Hello-µ@ßöäüàá-UTF-8!!";
        cases.add(new Case("6.2.1", "valid UTF-8 text in one frame", p -> {
            p.send(RawFrame.text(mixed));
            p.expectText(mixed);
            p.closeNormally();
        }));
        cases.add(new Case("6.2.2", "valid UTF-8 text split between two frames at every byte offset", p -> {
            byte[] all = mixed.getBytes(StandardCharsets.UTF_8);
            for (int cut = 0; cut <= all.length; cut++) {
                p.send(RawFrame.opcode(1).payload(java.util.Arrays.copyOfRange(all, 0, cut)).fin(false),
                        RawFrame.continuation(java.util.Arrays.copyOfRange(all, cut, all.length)));
                p.expectText(mixed);
            }
            p.closeNormally();
        }));
        cases.add(new Case("6.2.3", "valid UTF-8 text, one fragment per byte", p -> {
            p.send(perByte(mixed.getBytes(StandardCharsets.UTF_8)));
            p.expectText(mixed);
            p.closeNormally();
        }));
        cases.add(new Case("6.2.4", "κόσμε, one fragment per byte (every character split)", p -> {
            p.send(perByte(KOSME));
            p.expectText("κόσμε");
            p.closeNormally();
        }));
        cases.add(new Case("6.3.1", "invalid UTF-8 (a surrogate) in one frame fails with 1007", p -> {
            p.send(RawFrame.opcode(1).payload(hex("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64")));
            p.expectClose(1007);
        }));
        cases.add(new Case("6.3.2", "the same, one fragment per byte", p -> {
            p.send(perByte(hex("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64")));
            p.expectClose(1007);
        }));
        cases.add(failFast("6.4.1", "fails fast: the second of three fragments holds U+110000",
                () -> new RawFrame[] {RawFrame.opcode(1).payload(KOSME).fin(false),
                    RawFrame.continuation(hex("f4 90 80 80")).fin(false), RawFrame.continuation("edited")}));
        cases.add(failFast("6.4.2", "fails fast: the second of three fragments makes the first's F4 invalid",
                () -> new RawFrame[] {RawFrame.opcode(1).payload(concat(KOSME, hex("f4"))).fin(false),
                    RawFrame.continuation(hex("90")).fin(false),
                    RawFrame.continuation(concat(hex("80 80"), "edited".getBytes(StandardCharsets.UTF_8)))}));
        cases.add(new Case("6.4.3", "fails fast inside one frame: the frame's invalid bytes arrive before its end", p -> {
            RawFrame frame = RawFrame.opcode(1).payload(concat(KOSME, hex("f4 90 80 80"), "edited".getBytes(StandardCharsets.UTF_8)));
            byte[] wire = p.weftIsServer() ? frame.mask(0x01020304).bytes() : frame.bytes();
            int header = p.weftIsServer() ? 6 : 2;
            int upToInvalid = header + KOSME.length + 2;
            p.writeRaw(java.util.Arrays.copyOfRange(wire, 0, upToInvalid));
            try {
                p.expectClose(1007, 1000);
            } catch (Peer.Mismatch late) {
                p.writeRaw(java.util.Arrays.copyOfRange(wire, upToInvalid, wire.length));
                p.expectClose(1007);
                p.nonStrict("failed only at the end of the frame");
            }
        }));
        for (int i = 0; i < VALID.length; i++) {
            byte[] bytes = hex(VALID[i][1]);
            String text = new String(bytes, StandardCharsets.UTF_8);
            cases.add(new Case("6.5." + (i + 1), "valid " + VALID[i][0] + " (" + VALID[i][1] + "), whole and per byte", p -> {
                p.send(RawFrame.opcode(1).payload(bytes));
                p.expectText(text);
                p.send(perByte(bytes));
                p.expectText(text);
                p.closeNormally();
            }));
        }
        for (int i = 0; i < INVALID.length; i++) {
            byte[] bytes = hex(INVALID[i][1]);
            cases.add(new Case("6.6." + (i + 1), "invalid " + INVALID[i][0] + " (" + INVALID[i][1] + ") fails with 1007", p -> {
                p.send(RawFrame.opcode(1).payload(bytes));
                p.expectClose(1007);
            }));
            cases.add(new Case("6.7." + (i + 1), "invalid " + INVALID[i][0] + ", one fragment per byte, fails with 1007", p -> {
                p.send(perByte(bytes));
                p.expectClose(1007);
            }));
        }
        return cases;
    }

    /** A case sending three fragments with pauses; weft must fail after the second. Frames are made per run: they are mutable. */
    private static Case failFast(String id, String description, java.util.function.Supplier<RawFrame[]> frames) {
        return new Case(id, description, p -> {
            RawFrame[] f = frames.get();
            p.send(f[0]);
            Peer.pause(50);
            p.send(f[1]);
            try {
                p.expectClose(1007, 1000);
            } catch (Peer.Mismatch late) {
                p.send(f[2]);
                p.expectClose(1007);
                p.nonStrict("failed only when the message ended");
            }
        });
    }

    static byte[] concat(byte[]... parts) {
        return RawFrame.concat(parts);
    }
}
