package dev.weft.protocol;

import dev.weft.protocol.testing.RawFrame;
import dev.weft.protocol.testing.Recorder;
import dev.weft.protocol.testing.ScriptedBudget;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connections that borrow their parser and assembler from one {@link ReceptionPool}: an idle
 * connection holds none, a connection in the middle of a frame or message keeps its own, and
 * connections taking turns mid-message never see one another's state.
 */
class ReceptionPoolTest {
    private static final int KEY = 0x5a17c3e9;

    private final ReceptionPool pool = new ReceptionPool();
    /** Shared by the connections {@link #server()} makes, as a loop's connections share theirs. */
    private final ProtocolSettings settings = ProtocolSettings.builder(Role.SERVER).receptionPool(pool).build();

    private record Peer(Recorder rec, ProtocolConnection conn) {
        void receive(byte[] wire, int from, int to) {
            ByteBuffer in = ByteBuffer.wrap(wire, from, to - from);
            conn.receive(in);
            assertThat(in.hasRemaining()).as("input left unread").isFalse();
        }
    }

    private Peer server(ProtocolConnection.Builder b) {
        Recorder rec = new Recorder();
        return new Peer(rec, b.events(rec).outbound(rec).build());
    }

    private Peer server() {
        return server(ProtocolConnection.builder(settings));
    }

    private static byte[] masked(RawFrame... frames) {
        return RawFrame.masked(KEY, frames);
    }

    @Test
    void anIdleConnectionHoldsNoParserAndGivesItBackAfterEachMessage() {
        Peer a = server();
        assertThat(a.conn.holdsReception()).as("before any bytes").isFalse();
        byte[] wire = masked(RawFrame.text("hello"));

        a.receive(wire, 0, 3);
        assertThat(a.conn.holdsReception()).as("inside a header").isTrue();
        assertThat(pool.kept()).isZero();
        a.receive(wire, 3, wire.length);

        a.rec.expect("text:hello");
        assertThat(a.conn.holdsReception()).as("between messages").isFalse();
        assertThat(pool.kept()).isEqualTo(1);
    }

    @Test
    void aFragmentedMessageKeepsItsParserUntilItsLastFrame() {
        Peer a = server();
        byte[] first = masked(RawFrame.text("Hel").fin(false));
        byte[] ping = masked(RawFrame.ping(new byte[] {7}));
        byte[] last = masked(RawFrame.continuation("lo").fin(true));

        a.receive(first, 0, first.length);
        assertThat(a.conn.holdsReception()).as("after the first fragment").isTrue();
        a.receive(ping, 0, ping.length);
        assertThat(a.conn.holdsReception()).as("after a ping inside the message").isTrue();
        a.receive(last, 0, last.length);

        a.rec.expect("ping:07", "text:Hello");
        assertThat(a.conn.holdsReception()).isFalse();
    }

    /**
     * Three connections' input, each cut at random places and the pieces fed in a random
     * interleaving: every connection gets exactly its own messages (a fragmented text with a
     * ping inside, a split binary, a close), whichever reception it held at the time.
     */
    @Test
    void connectionsTakingTurnsMidMessageEachKeepTheirOwnState() {
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            List<Peer> peers = new ArrayList<>();
            List<byte[]> wires = new ArrayList<>();
            List<List<Integer>> cuts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                peers.add(server());
                byte[] wire = masked(RawFrame.text("one " + i), RawFrame.text("Hel").fin(false),
                        RawFrame.ping(new byte[] {(byte) i, 1}), RawFrame.continuation("lo " + i).fin(true),
                        RawFrame.binary(pattern(300 + i, i)), RawFrame.close(1000, "bye " + i));
                wires.add(wire);
                cuts.add(randomCuts(random, wire.length));
            }
            int[] next = new int[3];
            int left = 3;
            while (left > 0) {
                int i = random.nextInt(3);
                List<Integer> c = cuts.get(i);
                if (next[i] + 1 >= c.size()) {
                    continue;
                }
                peers.get(i).receive(wires.get(i), c.get(next[i]), c.get(next[i] + 1));
                if (++next[i] + 1 == c.size()) {
                    left--;
                }
            }
            for (int i = 0; i < 3; i++) {
                Peer p = peers.get(i);
                p.rec.expect("text:one " + i, "ping:" + HexFormat.of().formatHex(new byte[] {(byte) i, 1}),
                        "text:Hello " + i, "binary:" + HexFormat.of().formatHex(pattern(300 + i, i)), "close:1000:bye " + i);
                p.rec.assertNoEvents();
                assertThat(p.conn.holdsReception()).as("seed " + seed + ": after its close").isFalse();
            }
            assertThat(pool.kept()).isBetween(1, 3);
        }
    }

    /**
     * One reception lent in turn to connections with other settings (a shared server's, one
     * with a small frame limit, a client) follows each one's: the limit, and which side must mask.
     */
    @Test
    void aReceptionLentToConnectionsWithOtherSettingsTakesTheirs() {
        ProtocolSettings shared = ProtocolSettings.builder(Role.SERVER).receptionPool(pool).build();
        ProtocolSettings small = ProtocolSettings.builder(Role.SERVER).receptionPool(pool)
                .limits(ProtocolLimits.builder().maxFrameSize(125).build()).build();
        ProtocolSettings client = ProtocolSettings.builder(Role.CLIENT).receptionPool(pool).build();
        Peer a = server(ProtocolConnection.builder(shared));
        Peer b = server(ProtocolConnection.builder(shared));
        Peer tight = server(ProtocolConnection.builder(small));
        Peer c = server(ProtocolConnection.builder(client));
        String text200 = "two hundred bytes ".repeat(12).substring(0, 200); // over the small limit

        byte[] one = masked(RawFrame.text(text200));
        a.receive(one, 0, one.length);
        a.rec.expect("text:" + text200);
        byte[] two = masked(RawFrame.text(text200));
        tight.receive(two, 0, two.length);
        tight.rec.expect("failure:1009:FRAME_TOO_BIG");
        byte[] three = masked(RawFrame.text(text200));
        b.receive(three, 0, three.length);
        b.rec.expect("text:" + text200);
        byte[] unmasked = RawFrame.text(text200).bytes();
        c.receive(unmasked, 0, unmasked.length);
        c.rec.expect("text:" + text200);
        byte[] maskedToClient = masked(RawFrame.text(text200));
        Peer c2 = server(ProtocolConnection.builder(client));
        c2.receive(maskedToClient, 0, maskedToClient.length);
        c2.rec.expect("failure:1002:MASKED_FRAME");
    }

    @Test
    void aConnectionThatFailedKeepsItsParserAndTheNextOneGetsAFreshOne() {
        Peer a = server();
        byte[] bad = masked(RawFrame.opcode(0x3).payload(new byte[] {1, 2}));
        a.receive(bad, 0, bad.length);
        a.rec.expect("failure:1002:RESERVED_OPCODE");
        assertThat(pool.kept()).as("a parser that threw is not lent again").isZero();

        Peer b = server();
        byte[] good = masked(RawFrame.text("fine"));
        b.receive(good, 0, good.length);
        b.rec.expect("text:fine");
        assertThat(pool.kept()).isEqualTo(1);
    }

    @Test
    void thePoolKeepsAFewAndLetsTheRestGo() {
        List<Peer> peers = new ArrayList<>();
        List<byte[]> wires = new ArrayList<>(); // one each: payload is unmasked in place
        for (int i = 0; i < 20; i++) {
            Peer p = server();
            byte[] wire = masked(RawFrame.binary(pattern(1000, 3)));
            p.receive(wire, 0, 500);
            peers.add(p);
            wires.add(wire);
        }
        assertThat(pool.kept()).isZero();
        for (int i = 0; i < 20; i++) {
            Peer p = peers.get(i);
            byte[] wire = wires.get(i);
            p.receive(wire, 500, wire.length);
            p.rec.expect("binary:" + HexFormat.of().formatHex(pattern(1000, 3)));
            assertThat(p.conn.holdsReception()).isFalse();
        }
        assertThat(pool.kept()).as("at most eight wait for a borrower").isEqualTo(8);
    }

    @Test
    void pausingInACallbackLeavesTheRestForAfterTheResume() {
        Recorder out = new Recorder();
        List<String> texts = new ArrayList<>();
        ProtocolConnection[] self = new ProtocolConnection[1];
        ProtocolConnection conn = ProtocolConnection.builder(Role.SERVER).outbound(out).bufferPool(out).receptionPool(pool)
                .events(new ProtocolEvents() {
                    @Override
                    public void onText(String text) {
                        texts.add(text);
                        self[0].pauseReading();
                    }
                }).build();
        self[0] = conn;
        ByteBuffer in = ByteBuffer.wrap(masked(RawFrame.text("first"), RawFrame.text("second")));

        conn.receive(in);
        assertThat(texts).containsExactly("first");
        assertThat(in.hasRemaining()).as("the second message waits").isTrue();
        assertThat(conn.holdsReception()).as("paused between messages").isFalse();

        conn.resumeReading();
        conn.receive(in);
        assertThat(texts).containsExactly("first", "second");
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void releaseMidMessageGivesBackItsMemoryAndNothingToThePool() {
        ScriptedBudget budget = new ScriptedBudget();
        budget.available = 1 << 20;
        Peer a = server(ProtocolConnection.builder(Role.SERVER).receptionPool(pool).inboundMemory(budget));
        byte[] wire = masked(RawFrame.text("x".repeat(1000)));
        a.receive(wire, 0, 600);
        assertThat(budget.held).as("the split message holds memory").isPositive();

        a.conn.release();
        assertThat(budget.held).isZero();
        assertThat(pool.kept()).isZero();
    }

    /** Ascending offsets from 0 to {@code length}: pieces of 1 to 40 bytes. */
    private static List<Integer> randomCuts(Random random, int length) {
        List<Integer> cuts = new ArrayList<>();
        int at = 0;
        cuts.add(0);
        while (at < length) {
            at = Math.min(length, at + 1 + random.nextInt(40));
            cuts.add(at);
        }
        return cuts;
    }

    private static byte[] pattern(int n, int salt) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + salt);
        }
        return b;
    }
}
