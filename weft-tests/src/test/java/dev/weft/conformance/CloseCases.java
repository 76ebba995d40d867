package dev.weft.conformance;

import dev.weft.protocol.testing.RawFrame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Group 7: the closing handshake. Valid codes are echoed; invalid codes, one-byte payloads,
 * over-long reasons and invalid UTF-8 reasons fail the connection; nothing is answered after a
 * close frame.
 */
final class CloseCases {
    private CloseCases() {
    }

    static final int[] VALID_CODES = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999};
    static final int[] INVALID_CODES = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999};

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("7.1.1", "a text message, then a close: echo, then close echoed", p -> {
            p.send(RawFrame.text("Hello World!"));
            p.expectText("Hello World!");
            p.closeNormally();
        }));
        cases.add(new Case("7.1.2", "two close frames: one answer, the second ignored", p -> {
            p.send(RawFrame.close(1000, ""), RawFrame.close(1000, ""));
            p.expectClose(1000);
        }));
        cases.add(new Case("7.1.3", "a ping after the close frame is not answered", p -> {
            p.send(RawFrame.close(1000, ""), RawFrame.ping("Hello".getBytes(StandardCharsets.UTF_8)));
            p.expectClose(1000);
        }));
        cases.add(new Case("7.1.4", "a text after the close frame is not echoed", p -> {
            p.send(RawFrame.close(1000, ""), RawFrame.text("Hello World!"));
            p.expectClose(1000);
        }));
        cases.add(new Case("7.1.5", "a fragment, then close, then the last fragment: only the close is answered", p -> {
            p.send(RawFrame.text("fragment1").fin(false), RawFrame.close(1000, ""), RawFrame.continuation("fragment2"));
            p.expectClose(1000);
        }));
        cases.add(new Case("7.1.6", "a 256 KiB text, a close and a ping at once: echo and close, no pong", p -> {
            String big = "BAsd7&jh23".repeat(256 * 1024 / 10);
            p.send(RawFrame.text(big), RawFrame.close(1000, ""), RawFrame.ping("Hello World!".getBytes(StandardCharsets.UTF_8)));
            p.expectText(big);
            p.expectClose(1000);
        }));
        cases.add(new Case("7.3.1", "close without payload is answered without payload", p -> {
            p.send(RawFrame.closeEmpty());
            p.expectClose(-1);
        }));
        cases.add(new Case("7.3.2", "close with a one-byte payload fails with 1002", p -> {
            p.send(RawFrame.closeEmpty().payload(new byte[] {0x03}));
            p.expectClose(1002);
        }));
        cases.add(new Case("7.3.3", "close with code 1000 and no reason", p -> {
            p.send(RawFrame.close(1000, ""));
            p.expectClose(1000);
        }));
        cases.add(new Case("7.3.4", "close with code 1000 and a reason", p -> {
            p.send(RawFrame.close(1000, "Hello World!"));
            p.expectClose(1000);
        }));
        cases.add(new Case("7.3.5", "close with a 123-byte reason (the longest that fits)", p -> {
            p.send(RawFrame.close(1000, "*".repeat(123)));
            p.expectClose(1000);
        }));
        cases.add(new Case("7.3.6", "close with a 124-byte reason (a 126-byte control frame) fails with 1002", p -> {
            p.send(RawFrame.close(1000, "*".repeat(124)));
            p.expectClose(1002);
        }));
        cases.add(new Case("7.5.1", "close with an invalid UTF-8 reason fails with 1007", p -> {
            byte[] payload = RawFrame.concat(new byte[] {0x03, (byte) 0xe8},
                    java.util.HexFormat.ofDelimiter(" ").parseHex("ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64"));
            p.send(RawFrame.closeEmpty().payload(payload));
            p.expectClose(1007);
        }));
        for (int i = 0; i < VALID_CODES.length; i++) {
            int code = VALID_CODES[i];
            cases.add(new Case("7.7." + (i + 1), "close with valid code " + code + " is echoed", p -> {
                p.send(RawFrame.close(code, ""));
                p.expectClose(code);
            }));
        }
        for (int i = 0; i < INVALID_CODES.length; i++) {
            int code = INVALID_CODES[i];
            cases.add(new Case("7.9." + (i + 1), "close with invalid code " + code + " fails with 1002", p -> {
                p.send(RawFrame.close(code, ""));
                p.expectClose(1002);
            }));
        }
        cases.add(new Case("7.13.1", "close with code 5000 fails with 1002", p -> {
            p.send(RawFrame.close(5000, ""));
            p.expectClose(1002);
        }));
        cases.add(new Case("7.13.2", "close with code 65535 fails with 1002", p -> {
            p.send(RawFrame.close(65535, ""));
            p.expectClose(1002);
        }));
        return cases;
    }
}
