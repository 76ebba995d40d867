package dev.weft.conformance;

import dev.weft.protocol.testing.RawFrame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Group 2: pings are answered with their payload; pongs are never answered; over-long pings fail. */
final class PingPongCases {
    private PingPongCases() {
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("2.1", "ping without payload", p -> {
            p.send(RawFrame.ping(new byte[0]));
            p.expectPong(new byte[0]);
            p.closeNormally();
        }));
        cases.add(new Case("2.2", "ping with a text payload", p -> {
            byte[] b = "Hello, world!".getBytes(StandardCharsets.UTF_8);
            p.send(RawFrame.ping(b));
            p.expectPong(b);
            p.closeNormally();
        }));
        cases.add(new Case("2.3", "ping with a binary payload", p -> {
            byte[] b = {0x00, (byte) 0xff, (byte) 0xfe, (byte) 0xfd, (byte) 0xfc, (byte) 0xfb, 0x00, (byte) 0xff};
            p.send(RawFrame.ping(b));
            p.expectPong(b);
            p.closeNormally();
        }));
        cases.add(new Case("2.4", "ping with 125 bytes of payload", p -> {
            byte[] b = new byte[125];
            java.util.Arrays.fill(b, (byte) 0xfe);
            p.send(RawFrame.ping(b));
            p.expectPong(b);
            p.closeNormally();
        }));
        cases.add(new Case("2.5", "ping with 126 bytes of payload fails the connection with 1002", p -> {
            p.send(RawFrame.ping(new byte[126]));
            p.expectClose(1002);
        }));
        cases.add(new Case("2.6", "ping with 125 bytes sent one byte per TCP write", p -> {
            byte[] b = new byte[125];
            java.util.Arrays.fill(b, (byte) 0xfe);
            p.sendChopped(1, RawFrame.ping(b));
            p.expectPong(b);
            p.closeNormally();
        }));
        cases.add(new Case("2.7", "unsolicited pong without payload is not answered", p -> {
            p.send(RawFrame.pong(new byte[0]));
            p.expectNothing(200);
            p.closeNormally();
        }));
        cases.add(new Case("2.8", "unsolicited pong with payload is not answered", p -> {
            p.send(RawFrame.pong("unsolicited pong payload".getBytes(StandardCharsets.UTF_8)));
            p.expectNothing(200);
            p.closeNormally();
        }));
        cases.add(new Case("2.9", "unsolicited pong, then ping: only the ping is answered", p -> {
            p.send(RawFrame.pong("unsolicited".getBytes(StandardCharsets.UTF_8)),
                    RawFrame.ping("ping payload".getBytes(StandardCharsets.UTF_8)));
            p.expectPong("ping payload".getBytes(StandardCharsets.UTF_8));
            p.closeNormally();
        }));
        cases.add(new Case("2.10", "ten pings in a row: ten pongs, in order", p -> {
            for (int i = 0; i < 10; i++) {
                p.send(RawFrame.ping(("payload-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            for (int i = 0; i < 10; i++) {
                p.expectPong(("payload-" + i).getBytes(StandardCharsets.UTF_8));
            }
            p.closeNormally();
        }));
        cases.add(new Case("2.11", "ten pings sent one byte per TCP write: ten pongs, in order", p -> {
            RawFrame[] pings = new RawFrame[10];
            for (int i = 0; i < 10; i++) {
                pings[i] = RawFrame.ping(("payload-" + i).getBytes(StandardCharsets.UTF_8));
            }
            p.sendChopped(1, pings);
            for (int i = 0; i < 10; i++) {
                p.expectPong(("payload-" + i).getBytes(StandardCharsets.UTF_8));
            }
            p.closeNormally();
        }));
        return cases;
    }
}
