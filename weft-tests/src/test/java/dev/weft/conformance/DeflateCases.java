package dev.weft.conformance;

import dev.weft.protocol.testing.RawFrame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Groups 12 and 13: permessage-deflate (RFC 7692). Group 12 sends compressed messages of many
 * sizes, compressible and not, whole and in fragments, and checks the echoes (which weft
 * compresses too); group 13 does so under each combination of negotiation parameters.
 */
final class DeflateCases {
    private DeflateCases() {
    }

    private static final int[] SIZES = {16, 64, 256, 1024, 4096, 8192, 16384, 32768, 65536, 131072};

    static byte[] json(int n) {
        String unit = "{\"id\":12345,\"name\":\"weft\",\"tags\":[\"alpha\",\"beta\"],\"ok\":true}";
        return unit.repeat(n / unit.length() + 1).substring(0, n).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Sends {@code message} compressed, in fragments of {@code fragment} compressed bytes (0: one frame). */
    static void sendCompressed(Peer p, int opcode, byte[] message, int fragment) throws Exception {
        byte[] c = p.compress(message);
        if (fragment <= 0 || c.length <= fragment) {
            p.send(RawFrame.opcode(opcode).payload(c).rsv(4));
            return;
        }
        List<RawFrame> frames = new ArrayList<>();
        for (int at = 0; at < c.length; at += fragment) {
            byte[] part = Arrays.copyOfRange(c, at, Math.min(c.length, at + fragment));
            RawFrame f = at == 0 ? RawFrame.opcode(opcode).payload(part).rsv(4) : RawFrame.continuation(part);
            frames.add(f.fin(at + fragment >= c.length));
        }
        p.send(frames.toArray(new RawFrame[0]));
    }

    private static void echo(Peer p, byte[] text, byte[] binary, int fragment) throws Exception {
        sendCompressed(p, 1, text, fragment);
        p.expectText(new String(text, StandardCharsets.UTF_8));
        sendCompressed(p, 2, binary, fragment);
        p.expectBinary(binary);
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < SIZES.length; i++) {
            int n = SIZES[i];
            cases.add(new Case("12.1." + (i + 1), "compressed JSON text and random binary of " + n + " bytes, echoed",
                    "permessage-deflate", p -> {
                        echo(p, json(n), random(n, n), 0);
                        p.closeNormally();
                    }));
        }
        int[] fragments = {64, 256, 1024, 4096};
        for (int i = 0; i < fragments.length; i++) {
            int f = fragments[i];
            cases.add(new Case("12.2." + (i + 1), "compressed 128 KiB messages split into " + f + "-byte fragments",
                    "permessage-deflate", p -> {
                        echo(p, json(131072), random(131072, f), f);
                        p.closeNormally();
                    }));
        }
        cases.add(new Case("12.3.1", "100 compressed messages in a row: the contexts carry over", "permessage-deflate", p -> {
            for (int k = 0; k < 100; k++) {
                byte[] m = json(200 + k);
                sendCompressed(p, 1, m, 0);
                p.expectText(new String(m, StandardCharsets.UTF_8));
            }
            p.closeNormally();
        }));
        cases.add(new Case("12.3.2", "uncompressed and empty messages still work beside compressed ones", "permessage-deflate", p -> {
            p.send(RawFrame.text("plain"));
            p.expectText("plain");
            sendCompressed(p, 1, new byte[0], 0);
            p.expectText("");
            sendCompressed(p, 2, json(3000), 0);
            p.expectBinary(json(3000));
            p.closeNormally();
        }));
        cases.add(new Case("12.3.3", "RSV1 on a continuation frame fails with 1002", "permessage-deflate", p -> {
            p.send(RawFrame.text("a").fin(false), RawFrame.continuation("b").rsv(4));
            p.expectClose(1002);
        }));
        cases.add(new Case("12.3.4", "data that does not inflate fails with 1007", "permessage-deflate", p -> {
            p.send(RawFrame.binary(new byte[] {(byte) 0xff, (byte) 0xfe, 1, 2, 3}).rsv(4));
            p.expectClose(1007);
        }));
        cases.add(new Case("12.3.5", "a small compressed frame that inflates past 16 MiB fails with 1009", "permessage-deflate", p -> {
            byte[] bomb = p.compress(new byte[20 << 20]);
            p.send(RawFrame.binary(bomb).rsv(4));
            p.expectClose(1009);
        }));
        String[] params = {"permessage-deflate; client_no_context_takeover",
            "permessage-deflate; server_no_context_takeover",
            "permessage-deflate; client_no_context_takeover; server_no_context_takeover",
            "permessage-deflate; client_max_window_bits", "permessage-deflate; server_max_window_bits=15",
            "permessage-deflate; client_max_window_bits=9", "permessage-deflate; client_max_window_bits=15"};
        for (int i = 0; i < params.length; i++) {
            String offer = params[i];
            // A bare client_max_window_bits is an offer's, never an answer's: that case is the server's.
            String role = offer.endsWith("client_max_window_bits") ? "server" : null;
            cases.add(new Case("13." + (i + 1) + ".1", "offer/answer '" + offer + "': compressed echoes", offer, role, p -> {
                if (p.negotiated() == null || !p.negotiated().startsWith("permessage-deflate")) {
                    throw new Peer.Mismatch("permessage-deflate not agreed for " + offer);
                }
                for (int k = 0; k < 5; k++) {
                    echo(p, json(1000 * (k + 1)), random(500 * (k + 1), k), 0);
                }
                p.closeNormally();
            }));
        }
        for (int bits = 8; bits <= 14; bits++) {
            int b = bits;
            String both = "permessage-deflate; server_max_window_bits=" + b + "; client_max_window_bits=" + b;
            cases.add(new Case("13.8." + (b - 7), b + "-bit windows both ways: echoes, repeats farther apart than the "
                    + "window, weft's output checked against the window", both, p -> {
                if (p.negotiated() == null || !p.negotiated().replace(" ", "").equals(both.replace(" ", ""))) {
                    throw new Peer.Mismatch("agreed " + p.negotiated() + " for " + both);
                }
                for (int k = 0; k < 3; k++) {
                    echo(p, json(700 * (k + 1)), random(300 * (k + 1), k), 0);
                }
                byte[] block = random((1 << b) + 300, b);
                byte[] twice = RawFrame.concat(block, block);
                for (byte[] m : new byte[][] {twice, block, block}) {
                    sendCompressed(p, 2, m, 0);
                    p.expectBinary(m);
                }
                p.closeNormally();
            }));
            cases.add(new Case("13.10." + (b - 7), "a message referring back past the agreed " + b + "-bit window fails with 1007",
                    both, p -> {
                        byte[] block = random((1 << b) + 300, 100 + b);
                        sendCompressed(p, 2, block, 0);
                        p.expectBinary(block);
                        p.send(RawFrame.binary(Peer.compressReferring(block, block)).rsv(4));
                        p.expectClose(1007);
                    }));
        }
        cases.add(new Case("13.11.1", "a server window asked for in the offer is granted; an answer may name one unasked",
                "permessage-deflate; server_max_window_bits=10", p -> {
                    if (p.negotiated() == null || !p.negotiated().contains("server_max_window_bits=10")) {
                        throw new Peer.Mismatch("agreed " + p.negotiated());
                    }
                    echo(p, json(2000), random(700, 3), 0);
                    p.closeNormally();
                }));
        String[] refusedAnswers = {"permessage-deflate; client_max_window_bits", "permessage-deflate; client_max_window_bits=16",
            "permessage-deflate; unknown_parameter", "permessage-deflate; server_max_window_bits=7",
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover", "x-not-offered"};
        for (int i = 0; i < refusedAnswers.length; i++) {
            cases.add(new Case("13.9." + (i + 1), "a server answering '" + refusedAnswers[i] + "' is refused by the client",
                    refusedAnswers[i], "client", Case.REFUSED));
        }
        return cases;
    }
}
