package dev.weft.conformance;

import dev.weft.protocol.testing.RawFrame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Groups 3 and 4: reserved bits and reserved opcodes fail the connection with 1002, at once. */
final class ReservedCases {
    private ReservedCases() {
    }

    private static final byte[] HELLO = "Hello, world!".getBytes(StandardCharsets.UTF_8);

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("3.1", "text with RSV1 set", p -> {
            p.send(RawFrame.text("Hello, world!").rsv(4));
            p.expectClose(1002);
        }));
        cases.add(new Case("3.2", "a good text, then text with RSV2, then a ping: echo, then 1002, no pong", p -> {
            p.send(RawFrame.text("Hello, world!"), RawFrame.text("Hello, world!").rsv(2), RawFrame.ping(HELLO));
            p.expectText("Hello, world!");
            p.expectClose(1002);
        }));
        cases.add(new Case("3.3", "as 3.2 with RSV3, each frame chopped into 1-byte writes", p -> {
            p.sendChopped(1, RawFrame.text("Hello, world!"), RawFrame.text("Hello, world!").rsv(3), RawFrame.ping(HELLO));
            p.expectText("Hello, world!");
            p.expectClose(1002);
        }));
        cases.add(new Case("3.4", "as 3.2 with RSV 4, the whole chopped into 1-byte writes", p -> {
            p.sendChopped(1, RawFrame.text("Hello, world!"), RawFrame.text("Hello, world!").rsv(4), RawFrame.ping(HELLO));
            p.expectText("Hello, world!");
            p.expectClose(1002);
        }));
        cases.add(new Case("3.5", "binary with RSV 5", p -> {
            p.send(RawFrame.binary(new byte[] {0, 1, 2}).rsv(5));
            p.expectClose(1002);
        }));
        cases.add(new Case("3.6", "ping with RSV 6", p -> {
            p.send(RawFrame.ping(HELLO).rsv(6));
            p.expectClose(1002);
        }));
        cases.add(new Case("3.7", "close with RSV 7", p -> {
            p.send(RawFrame.close(1000, "").rsv(7));
            p.expectClose(1002);
        }));
        int[] dataOpcodes = {3, 4, 5, 6, 7};
        for (int i = 0; i < dataOpcodes.length; i++) {
            int op = dataOpcodes[i];
            cases.add(new Case("4.1." + (i + 1), "a good text, reserved non-control opcode " + op + ", then a ping", p -> {
                p.send(RawFrame.text("Hello"), RawFrame.opcode(op).payload(HELLO), RawFrame.ping(HELLO));
                p.expectText("Hello");
                p.expectClose(1002);
            }));
        }
        int[] controlOpcodes = {11, 12, 13, 14, 15};
        for (int i = 0; i < controlOpcodes.length; i++) {
            int op = controlOpcodes[i];
            cases.add(new Case("4.2." + (i + 1), "a good text, reserved control opcode " + op + ", then a ping", p -> {
                p.send(RawFrame.text("Hello"), RawFrame.opcode(op).payload(HELLO), RawFrame.ping(HELLO));
                p.expectText("Hello");
                p.expectClose(1002);
            }));
        }
        return cases;
    }
}
