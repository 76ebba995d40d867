package dev.weft.conformance;

import dev.weft.protocol.testing.RawFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Group 1 (framing: every payload-length encoding, chopped writes) and group 10 (fragmented sends). */
final class FramingCases {
    private FramingCases() {
    }

    static final int[] LENGTHS = {0, 125, 126, 127, 128, 65535, 65536};

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < LENGTHS.length; i++) {
            int n = LENGTHS[i];
            cases.add(new Case("1.1." + (i + 1), "text message of " + n + " bytes, echoed", p -> {
                String t = "*".repeat(n);
                p.send(RawFrame.text(t));
                p.expectText(t);
                p.closeNormally();
            }));
        }
        cases.add(new Case("1.1.8", "text message of 65536 bytes sent in 997-byte TCP writes", p -> {
            String t = "*".repeat(65536);
            p.sendChopped(997, RawFrame.text(t));
            p.expectText(t);
            p.closeNormally();
        }));
        for (int i = 0; i < LENGTHS.length; i++) {
            int n = LENGTHS[i];
            cases.add(new Case("1.2." + (i + 1), "binary message of " + n + " bytes, echoed", p -> {
                byte[] b = new byte[n];
                new Random(n).nextBytes(b);
                p.send(RawFrame.binary(b));
                p.expectBinary(b);
                p.closeNormally();
            }));
        }
        cases.add(new Case("1.2.8", "binary message of 65536 bytes sent in 997-byte TCP writes", p -> {
            byte[] b = new byte[65536];
            new Random(8).nextBytes(b);
            p.sendChopped(997, RawFrame.binary(b));
            p.expectBinary(b);
            p.closeNormally();
        }));
        cases.add(new Case("10.1.1", "a 65536-byte text message in 1300-byte fragments, chopped into 100-byte writes", p -> {
            String t = "x".repeat(65536);
            List<RawFrame> frames = new ArrayList<>();
            for (int at = 0; at < t.length(); at += 1300) {
                String part = t.substring(at, Math.min(t.length(), at + 1300));
                RawFrame f = at == 0 ? RawFrame.text(part) : RawFrame.continuation(part);
                frames.add(f.fin(at + 1300 >= t.length()));
            }
            p.sendChopped(100, frames.toArray(new RawFrame[0]));
            p.expectText(t);
            p.closeNormally();
        }));
        return cases;
    }
}
