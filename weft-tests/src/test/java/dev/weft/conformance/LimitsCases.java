package dev.weft.conformance;

import dev.weft.protocol.testing.RawFrame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Group 9 (big messages, many fragments, chopped writes, many small messages) and weft's own
 * limit cases (group 21): the default 16 MiB limit holds exactly, and a frame over it is
 * refused from its header.
 */
final class LimitsCases {
    private LimitsCases() {
    }

    private static final int[] BIG = {64 * 1024, 256 * 1024, 1 << 20, 4 << 20, 8 << 20, 16 << 20};
    private static final int[] FRAGMENT_SIZES = {64, 256, 1024, 4096, 16384, 65536, 262144, 1 << 20, 4 << 20};
    private static final int[] CHOPS = {64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536};

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < BIG.length; i++) {
            int n = BIG[i];
            cases.add(new Case("9.1." + (i + 1), "text message of " + n + " bytes", p -> {
                String t = "*".repeat(n);
                p.send(RawFrame.text(t));
                p.expectText(t);
                p.closeNormally();
            }));
            cases.add(new Case("9.2." + (i + 1), "binary message of " + n + " bytes", p -> {
                byte[] b = random(n, n);
                p.send(RawFrame.binary(b));
                p.expectBinary(b);
                p.closeNormally();
            }));
        }
        for (int i = 0; i < FRAGMENT_SIZES.length; i++) {
            int size = FRAGMENT_SIZES[i];
            cases.add(new Case("9.3." + (i + 1), "4 MiB text in fragments of " + size + " bytes", p -> {
                byte[] all = new byte[4 << 20];
                Arrays.fill(all, (byte) '*');
                p.send(fragments(1, all, size));
                p.expectText("*".repeat(4 << 20));
                p.closeNormally();
            }));
            cases.add(new Case("9.4." + (i + 1), "4 MiB binary in fragments of " + size + " bytes", p -> {
                byte[] all = random(4 << 20, size);
                p.send(fragments(2, all, size));
                p.expectBinary(all);
                p.closeNormally();
            }));
        }
        for (int i = 0; i < CHOPS.length; i++) {
            int chop = CHOPS[i];
            cases.add(new Case("9.5." + (i + 1), "1 MiB text sent in TCP writes of " + chop + " bytes", p -> {
                String t = "*".repeat(1 << 20);
                p.sendChopped(chop, RawFrame.text(t));
                p.expectText(t);
                p.closeNormally();
            }));
            cases.add(new Case("9.6." + (i + 1), "1 MiB binary sent in TCP writes of " + chop + " bytes", p -> {
                byte[] b = random(1 << 20, chop);
                p.sendChopped(chop, RawFrame.binary(b));
                p.expectBinary(b);
                p.closeNormally();
            }));
        }
        int[] small = {0, 16, 64, 256, 1024, 4096};
        for (int i = 0; i < small.length; i++) {
            int n = small[i];
            cases.add(new Case("9.7." + (i + 1), "1000 text messages of " + n + " bytes, one round trip each", p -> {
                String t = "*".repeat(n);
                for (int k = 0; k < 1000; k++) {
                    p.send(RawFrame.text(t));
                    p.expectText(t);
                }
                p.closeNormally();
            }));
            cases.add(new Case("9.8." + (i + 1), "1000 binary messages of " + n + " bytes, one round trip each", p -> {
                byte[] b = random(n, n);
                for (int k = 0; k < 1000; k++) {
                    p.send(RawFrame.binary(b));
                    p.expectBinary(b);
                }
                p.closeNormally();
            }));
        }
        cases.add(new Case("21.1", "a binary message of exactly 16 MiB, the default limit, arrives", p -> {
            byte[] b = random(16 << 20, 21);
            p.send(RawFrame.binary(b));
            p.expectBinary(b);
            p.closeNormally();
        }));
        cases.add(new Case("21.2", "a frame claiming 16 MiB + 1 fails with 1009 before its payload is sent", p -> {
            p.send(RawFrame.binary(new byte[0]).claimLength((16 << 20) + 1));
            p.expectClose(1009);
        }));
        cases.add(new Case("21.3", "a message over 16 MiB in two fragments fails with 1009 at the second header", p -> {
            p.send(RawFrame.binary(new byte[8 << 20]).fin(false));
            p.send(RawFrame.continuation(new byte[0]).claimLength((8 << 20) + 1));
            p.expectClose(1009);
        }));
        cases.add(new Case("21.4", "a 64-bit length with the high bit set fails with 1002", p -> {
            p.send(RawFrame.binary(new byte[0]).lengthBytes(8).claimLength(Long.MIN_VALUE));
            p.expectClose(1002);
        }));
        cases.add(new Case("21.5", "a length in a longer encoding than needed fails with 1002", p -> {
            p.send(RawFrame.binary(new byte[10]).lengthBytes(8));
            p.expectClose(1002);
        }));
        cases.add(new Case("21.6", "endless empty fragments end with 1009", p -> {
            p.send(RawFrame.binary(new byte[0]).fin(false));
            RawFrame[] batch = new RawFrame[4096];
            for (int round = 0; round < 100; round++) {
                for (int i = 0; i < batch.length; i++) {
                    batch[i] = RawFrame.continuation(new byte[0]).fin(false);
                }
                try {
                    p.send(batch);
                } catch (java.io.IOException closedByWeft) {
                    break;
                }
            }
            p.expectClose(1009);
        }));
        return cases;
    }

    private static RawFrame[] fragments(int opcode, byte[] all, int size) {
        int count = (all.length + size - 1) / size;
        RawFrame[] frames = new RawFrame[count];
        for (int i = 0; i < count; i++) {
            byte[] part = Arrays.copyOfRange(all, i * size, Math.min(all.length, (i + 1) * size));
            RawFrame f = i == 0 ? RawFrame.opcode(opcode).payload(part) : RawFrame.continuation(part);
            frames[i] = f.fin(i == count - 1);
        }
        return frames;
    }
}
