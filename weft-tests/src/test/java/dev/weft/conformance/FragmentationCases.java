package dev.weft.conformance;

import dev.weft.protocol.testing.RawFrame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Group 5: fragmented messages, control frames between fragments, and every sequencing error. */
final class FragmentationCases {
    private FragmentationCases() {
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** How a case writes its frames: whole, chopped per frame, or chopped into single bytes. */
    private interface Writer {
        void write(Peer p, RawFrame... frames) throws Exception;
    }

    private static final Writer WHOLE = Peer::send;
    private static final Writer CHOPPED = (p, frames) -> {
        for (RawFrame f : frames) {
            p.sendChopped(Math.max(1, f.bytes().length / 2), f);
        }
    };
    private static final Writer BYTES = (p, frames) -> p.sendChopped(1, frames);

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("5.1", "a ping in two fragments fails with 1002", p -> {
            p.send(RawFrame.ping(b("frag1")).fin(false), RawFrame.continuation(b("frag2")));
            p.expectClose(1002);
        }));
        cases.add(new Case("5.2", "a pong in two fragments fails with 1002", p -> {
            p.send(RawFrame.pong(b("frag1")).fin(false), RawFrame.continuation(b("frag2")));
            p.expectClose(1002);
        }));
        Writer[] writers = {WHOLE, CHOPPED, BYTES};
        String[] how = {"", ", chopped", ", in 1-byte writes"};
        for (int w = 0; w < 3; w++) {
            Writer writer = writers[w];
            cases.add(new Case("5." + (3 + w), "text in two fragments" + how[w], p -> {
                writer.write(p, RawFrame.text("fragment1").fin(false), RawFrame.continuation("fragment2"));
                p.expectText("fragment1fragment2");
                p.closeNormally();
            }));
        }
        for (int w = 0; w < 3; w++) {
            Writer writer = writers[w];
            cases.add(new Case("5." + (6 + w), "text in two fragments with a ping between" + how[w], p -> {
                writer.write(p, RawFrame.text("fragment1").fin(false), RawFrame.ping(b("pongme!")),
                        RawFrame.continuation("fragment2"));
                p.expectPong(b("pongme!"));
                p.expectText("fragment1fragment2");
                p.closeNormally();
            }));
        }
        for (int w = 0; w < 3; w++) {
            Writer writer = writers[w];
            cases.add(new Case("5." + (9 + w), "final continuation with nothing to continue" + how[w], p -> {
                writer.write(p, RawFrame.continuation("non-continuation payload"), RawFrame.text("Hello, world!"));
                p.expectClose(1002);
            }));
        }
        for (int w = 0; w < 3; w++) {
            Writer writer = writers[w];
            cases.add(new Case("5." + (12 + w), "non-final continuation with nothing to continue" + how[w], p -> {
                writer.write(p, RawFrame.continuation("non-continuation payload").fin(false), RawFrame.text("Hello, world!"));
                p.expectClose(1002);
            }));
        }
        cases.add(new Case("5.15", "a whole fragmented text, then a stray continuation", p -> {
            p.send(RawFrame.text("fragment1").fin(false), RawFrame.continuation("fragment2"),
                    RawFrame.continuation("fragment3").fin(false), RawFrame.text("fragment4"));
            p.expectText("fragment1fragment2");
            p.expectClose(1002);
        }));
        cases.add(new Case("5.16", "continuation, final continuation and text, twice: fails at the first frame", p -> {
            for (int i = 0; i < 2; i++) {
                p.send(RawFrame.continuation("fragment1").fin(false), RawFrame.text("fragment2").fin(false),
                        RawFrame.continuation("fragment3"));
            }
            p.expectClose(1002);
        }));
        cases.add(new Case("5.17", "final continuation, final continuation and text, twice: fails at the first frame", p -> {
            for (int i = 0; i < 2; i++) {
                p.send(RawFrame.continuation("fragment1"), RawFrame.text("fragment2").fin(false),
                        RawFrame.continuation("fragment3"));
            }
            p.expectClose(1002);
        }));
        cases.add(new Case("5.18", "a new text frame inside a fragmented text fails with 1002", p -> {
            p.send(RawFrame.text("fragment1").fin(false), RawFrame.text("fragment2"));
            p.expectClose(1002);
        }));
        cases.add(new Case("5.19", "text in five fragments with two pings between, sent with pauses", p -> {
            p.send(RawFrame.text("fragment1").fin(false), RawFrame.continuation("fragment2").fin(false),
                    RawFrame.ping(b("pongme 1!")));
            p.expectPong(b("pongme 1!"));
            Peer.pause(100);
            p.send(RawFrame.continuation("fragment3").fin(false), RawFrame.continuation("fragment4").fin(false),
                    RawFrame.ping(b("pongme 2!")));
            p.expectPong(b("pongme 2!"));
            Peer.pause(100);
            p.send(RawFrame.continuation("fragment5"));
            p.expectText("fragment1fragment2fragment3fragment4fragment5");
            p.closeNormally();
        }));
        cases.add(new Case("5.20", "as 5.19, every frame in 1-byte writes", p -> {
            p.sendChopped(1, RawFrame.text("fragment1").fin(false), RawFrame.continuation("fragment2").fin(false),
                    RawFrame.ping(b("pongme 1!")));
            p.expectPong(b("pongme 1!"));
            p.sendChopped(1, RawFrame.continuation("fragment3").fin(false), RawFrame.continuation("fragment4").fin(false),
                    RawFrame.ping(b("pongme 2!")));
            p.expectPong(b("pongme 2!"));
            p.sendChopped(1, RawFrame.continuation("fragment5"));
            p.expectText("fragment1fragment2fragment3fragment4fragment5");
            p.closeNormally();
        }));
        cases.add(new Case("20.1", "65,536 empty fragments and one byte: the message arrives", p -> {
            RawFrame[] frames = new RawFrame[2000];
            p.send(RawFrame.binary(new byte[0]).fin(false));
            for (int round = 0; round < 32; round++) {
                for (int i = 0; i < frames.length; i++) {
                    frames[i] = RawFrame.continuation(new byte[0]).fin(false);
                }
                p.send(frames);
            }
            p.send(RawFrame.continuation(new byte[] {7}));
            p.expectBinary(new byte[] {7});
            p.closeNormally();
        }));
        return cases;
    }
}
