package dev.weft.protocol.deflate;

import dev.weft.protocol.Outbound;
import dev.weft.protocol.ProtocolConnection;
import dev.weft.protocol.ProtocolLimits;
import dev.weft.protocol.Role;
import dev.weft.protocol.extension.Extension;
import dev.weft.protocol.extension.ExtensionChain;
import dev.weft.protocol.extension.ExtensionNegotiation;
import dev.weft.protocol.extension.ServerExtensionFactory;
import dev.weft.protocol.frame.Opcode;
import dev.weft.protocol.handshake.ExtensionHeader;
import dev.weft.protocol.handshake.ExtensionOffer;
import dev.weft.protocol.testing.RawFrame;
import dev.weft.protocol.testing.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 7692: negotiation of every parameter, the codec's round trips, and the bomb guard. */
class PerMessageDeflateTest {
    private final List<ProtocolConnection> opened = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        opened.forEach(ProtocolConnection::release);
        assertThat(PerMessageDeflate.liveZlibContexts()).as("zlib contexts left alive").isZero();
    }

    private static List<ExtensionOffer> header(String value) throws Exception {
        return ExtensionHeader.parse(List.of(value));
    }

    @Nested
    class Negotiation {
        private final PerMessageDeflate server = PerMessageDeflate.defaults();

        private ExtensionNegotiation.Agreed agree(PerMessageDeflate s, String offers) throws Exception {
            ExtensionNegotiation.Agreed a = ExtensionNegotiation.server(List.of(s), header(offers));
            a.extensions().forEach(Extension::close);
            return a;
        }

        private String response(PerMessageDeflate s, String offers) throws Exception {
            return ExtensionHeader.format(agree(s, offers).responses());
        }

        @Test
        void plainOfferIsAcceptedWithContextTakeover() throws Exception {
            assertThat(response(server, "permessage-deflate")).isEqualTo("permessage-deflate");
            assertThat(response(server, "permessage-deflate; client_max_window_bits")).isEqualTo("permessage-deflate");
            assertThat(response(server, "permessage-deflate; client_max_window_bits=10"))
                    .as("a client that says it uses at most 10 bits is held to it").isEqualTo("permessage-deflate; client_max_window_bits=10");
        }

        @Test
        void noContextTakeoverIsAnsweredOrImposed() throws Exception {
            assertThat(response(server, "permessage-deflate; server_no_context_takeover"))
                    .isEqualTo("permessage-deflate; server_no_context_takeover");
            assertThat(response(server, "permessage-deflate; client_no_context_takeover"))
                    .isEqualTo("permessage-deflate; client_no_context_takeover");
            PerMessageDeflate frugal = PerMessageDeflate.builder().serverNoContextTakeover(true).clientNoContextTakeover(true).build();
            assertThat(response(frugal, "permessage-deflate"))
                    .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        }

        @Test
        void everyServerWindowAClientAsksForIsAcceptedAndAnswered() throws Exception {
            for (int bits = 8; bits <= 15; bits++) {
                assertThat(response(server, "permessage-deflate; server_max_window_bits=" + bits))
                        .isEqualTo("permessage-deflate; server_max_window_bits=" + bits);
            }
        }

        @Test
        void aServersOwnWindowsAreAnsweredAndAClientThatCannotBeAskedIsDeclined() throws Exception {
            PerMessageDeflate frugal = PerMessageDeflate.builder().serverMaxWindowBits(10).clientMaxWindowBits(11).build();
            assertThat(response(frugal, "permessage-deflate; client_max_window_bits"))
                    .isEqualTo("permessage-deflate; server_max_window_bits=10; client_max_window_bits=11");
            assertThat(response(frugal, "permessage-deflate; server_max_window_bits=9; client_max_window_bits=12"))
                    .as("the smaller of each side's wish").isEqualTo("permessage-deflate; server_max_window_bits=9; client_max_window_bits=11");
            assertThat(response(frugal, "permessage-deflate; client_max_window_bits=9"))
                    .isEqualTo("permessage-deflate; server_max_window_bits=10; client_max_window_bits=9");
            assertThat(response(frugal, "permessage-deflate")).as("no client_max_window_bits: the client cannot be held to 11").isEmpty();
            assertThat(response(frugal, "permessage-deflate, permessage-deflate; client_max_window_bits"))
                    .as("its next offer is taken").isEqualTo("permessage-deflate; server_max_window_bits=10; client_max_window_bits=11");
            assertThat(response(PerMessageDeflate.builder().serverMaxWindowBits(12).build(), "permessage-deflate"))
                    .as("told even when not asked").isEqualTo("permessage-deflate; server_max_window_bits=12");
        }

        @ParameterizedTest
        @ValueSource(strings = {"permessage-deflate; server_max_window_bits=7", "permessage-deflate; server_max_window_bits=16",
            "permessage-deflate; server_max_window_bits=08", "permessage-deflate; server_max_window_bits",
            "permessage-deflate; client_max_window_bits=x", "permessage-deflate; server_no_context_takeover=1",
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover", "permessage-deflate; unknown=1"})
        void invalidOffersAreDeclined(String offer) throws Exception {
            assertThat(response(server, offer)).isEmpty();
        }

        @Test
        void otherExtensionsAreIgnoredAndOnlyOneDeflateIsAccepted() throws Exception {
            assertThat(response(server, "x-unknown, permessage-deflate, permessage-deflate; server_no_context_takeover"))
                    .isEqualTo("permessage-deflate");
        }

        @Test
        void clientOffersClientWindowsAndChecksTheAnswer() throws Exception {
            PerMessageDeflate client = PerMessageDeflate.builder().clientNoContextTakeover(true).build();
            assertThat(ExtensionHeader.format(client.offers()))
                    .isEqualTo("permessage-deflate; client_no_context_takeover; client_max_window_bits");
            client.acceptResponse(header("permessage-deflate; server_max_window_bits=10").get(0)).close();
            client.acceptResponse(header("permessage-deflate; server_no_context_takeover").get(0)).close();
            client.acceptResponse(header("permessage-deflate; client_max_window_bits=8").get(0)).close();
            assertThatThrownBy(() -> client.acceptResponse(header("permessage-deflate; client_max_window_bits").get(0)))
                    .as("an answer's client_max_window_bits needs a value").isInstanceOf(IllegalArgumentException.class);

            PerMessageDeflate asking = PerMessageDeflate.builder().serverMaxWindowBits(10).clientMaxWindowBits(12).build();
            assertThat(ExtensionHeader.format(asking.offers()))
                    .isEqualTo("permessage-deflate; server_max_window_bits=10; client_max_window_bits=12");
            asking.acceptResponse(header("permessage-deflate; server_max_window_bits=9; client_max_window_bits=12").get(0)).close();
            assertThatThrownBy(() -> asking.acceptResponse(header("permessage-deflate; server_max_window_bits=11").get(0)))
                    .as("more than was asked for").isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> asking.acceptResponse(header("permessage-deflate").get(0)))
                    .as("the asked-for window not granted").isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> asking.acceptResponse(header("permessage-deflate; server_max_window_bits=10; client_max_window_bits=13").get(0)))
                    .as("a client window larger than offered").isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.acceptResponse(header("permessage-deflate; bogus").get(0)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ExtensionNegotiation.client(List.of(client), header("x-other")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** A client and a server connection wired back to back through deflate codecs agreed from {@code offer}. */
    private final class Pair {
        final Recorder atServer = new Recorder();
        final Recorder atClient = new Recorder();
        final List<byte[]> clientWire = new ArrayList<>();
        final ProtocolConnection client;
        final ProtocolConnection server;

        Pair(PerMessageDeflate serverSide, PerMessageDeflate clientSide, int fragmentSize, ProtocolLimits limits) throws Exception {
            ExtensionNegotiation.Agreed agreed = ExtensionNegotiation.server(List.of(serverSide),
                    ExtensionNegotiation.offers(List.of(clientSide)));
            List<Extension> clientExtensions = ExtensionNegotiation.client(List.of(clientSide), agreed.responses());
            ProtocolConnection[] s = new ProtocolConnection[1];
            ProtocolConnection[] c = new ProtocolConnection[1];
            client = c[0] = ProtocolConnection.builder(Role.CLIENT).events(atClient).masks(new Random(1)::nextInt)
                    .fragmentSize(fragmentSize).extensions(new ExtensionChain(clientExtensions)).limits(limits)
                    .outbound(wire(b -> {
                        clientWire.add(b);
                        s[0].receive(ByteBuffer.wrap(b));
                    })).build();
            server = s[0] = ProtocolConnection.builder(Role.SERVER).events(atServer).fragmentSize(fragmentSize)
                    .extensions(new ExtensionChain(agreed.extensions())).limits(limits)
                    .outbound(wire(b -> c[0].receive(ByteBuffer.wrap(b)))).build();
            opened.add(client);
            opened.add(server);
        }

        Pair(PerMessageDeflate both) throws Exception {
            this(both, both, Integer.MAX_VALUE, ProtocolLimits.defaults());
        }
    }

    private static Outbound wire(java.util.function.Consumer<byte[]> deliver) {
        return new Outbound() {
            @Override
            public void write(ByteBuffer frame, ByteBuffer payload) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                if (frame != null) {
                    byte[] f = new byte[frame.remaining()];
                    frame.get(f);
                    b.write(f, 0, f.length);
                }
                if (payload != null) {
                    byte[] p = new byte[payload.remaining()];
                    payload.duplicate().get(p);
                    b.write(p, 0, p.length);
                }
                deliver.accept(b.toByteArray());
            }

            @Override
            public void closeTransport() {
            }
        };
    }

    private static String hex(byte[] b) {
        return Recorder.hex(ByteBuffer.wrap(b));
    }

    @Nested
    class Codec {
        @ParameterizedTest(name = "no context takeover: {0}")
        @ValueSource(booleans = {false, true})
        void randomAndCompressibleDataOfManySizesRoundTripBothWays(boolean noTakeover) throws Exception {
            PerMessageDeflate pmd = PerMessageDeflate.builder().serverNoContextTakeover(noTakeover)
                    .clientNoContextTakeover(noTakeover).threshold(0).build();
            Pair p = new Pair(pmd);
            Random random = new Random(7692);
            for (int size : new int[] {0, 1, 2, 100, 1023, 1024, 4096, 65535, 100_000, 1 << 20}) {
                byte[] noise = new byte[size];
                random.nextBytes(noise);
                String json = "{\"id\": 1, \"name\": \"weft\", \"tags\": [\"a\", \"b\"]}".repeat(size / 40 + 1).substring(0, size);
                p.client.sendBinary(ByteBuffer.wrap(noise));
                p.atServer.expect("binary:" + hex(noise));
                p.server.sendText(json);
                p.atClient.expect("text:" + json);
                p.client.sendText(json);
                p.atServer.expect("text:" + json);
            }
        }

        @Test
        void contextTakeoverMakesRepeatsCheaper() throws Exception {
            Pair p = new Pair(PerMessageDeflate.defaults());
            String msg = "the same JSON document, again and again: {\"a\":[1,2,3],\"b\":\"cccccccc\"} ".repeat(30);
            p.client.sendText(msg);
            int first = p.clientWire.get(p.clientWire.size() - 1).length;
            p.client.sendText(msg);
            int second = p.clientWire.get(p.clientWire.size() - 1).length;
            assertThat(second).isLessThan(first / 2);
            p.atServer.expect("text:" + msg, "text:" + msg);
        }

        @Test
        void compressedMessagesCarryRsv1OnTheFirstFrameOnly() throws Exception {
            Pair p = new Pair(PerMessageDeflate.builder().threshold(0).build(), PerMessageDeflate.builder().threshold(0).build(),
                    100, ProtocolLimits.defaults());
            byte[] data = new byte[5000];
            new Random(3).nextBytes(data);
            p.client.sendBinary(ByteBuffer.wrap(data));
            assertThat(p.clientWire.size()).isGreaterThan(10);
            assertThat(p.clientWire.get(0)[0] & 0x70).isEqualTo(0x40);
            for (byte[] f : p.clientWire.subList(1, p.clientWire.size())) {
                assertThat(f[0] & 0x70).isZero();
            }
            p.atServer.expect("binary:" + hex(data));
        }

        @Test
        void streamedFragmentsAreCompressedAsOneMessage() throws Exception {
            Pair p = new Pair(PerMessageDeflate.defaults());
            p.client.sendFragment(Opcode.TEXT, ByteBuffer.wrap("hello, ".getBytes(StandardCharsets.UTF_8)), false);
            p.client.ping(ByteBuffer.wrap(new byte[] {9}));
            p.client.sendTextFragment("compressed ", false);
            p.client.sendFragment(Opcode.TEXT, ByteBuffer.wrap("world".getBytes(StandardCharsets.UTF_8)), true);
            assertThat(p.clientWire.get(0)[0] & 0x40).isEqualTo(0x40);
            assertThat(p.clientWire.get(1)[0] & 0xff).as("the ping is not compressed").isEqualTo(0x89);
            p.atServer.expect("ping:09", "text:hello, compressed world");
        }

        @Test
        void smallMessagesAndOptedOutMessagesGoUncompressed() throws Exception {
            Pair p = new Pair(PerMessageDeflate.defaults());
            p.client.sendText("short");
            assertThat(p.clientWire.get(0)[0] & 0x40).isZero();
            byte[] big = new byte[4096];
            p.client.sendBinary(ByteBuffer.wrap(big), false);
            assertThat(p.clientWire.get(1)[0] & 0x40).isZero();
            p.client.sendBinary(ByteBuffer.wrap(big));
            assertThat(p.clientWire.get(2)[0] & 0x40).isEqualTo(0x40);
            assertThat(p.clientWire.get(2).length).isLessThan(100);
            p.atServer.expect("text:short", "binary:" + hex(big), "binary:" + hex(big));
        }

        @Test
        void rsv1OnAContinuationOrAControlFrameFails() throws Exception {
            Pair p = new Pair(PerMessageDeflate.defaults());
            p.server.receive(ByteBuffer.wrap(RawFrame.concat(RawFrame.text("a").fin(false).mask(1).bytes(),
                    RawFrame.continuation("b").rsv(4).mask(1).bytes())));
            assertThat(p.atServer.next()).isEqualTo("failure:1002:COMPRESSED_CONTINUATION");
            Pair q = new Pair(PerMessageDeflate.defaults());
            q.server.receive(ByteBuffer.wrap(RawFrame.ping(new byte[0]).rsv(4).mask(1).bytes()));
            assertThat(q.atServer.next()).isEqualTo("failure:1002:RESERVED_BITS");
            Pair r = new Pair(PerMessageDeflate.defaults());
            r.server.receive(ByteBuffer.wrap(RawFrame.text("x").rsv(2).mask(1).bytes()));
            assertThat(r.atServer.next()).isEqualTo("failure:1002:RESERVED_BITS");
        }

        @Test
        void corruptCompressedDataFailsWith1007() throws Exception {
            Pair p = new Pair(PerMessageDeflate.defaults());
            p.server.receive(ByteBuffer.wrap(RawFrame.binary(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2}).rsv(4).mask(1).bytes()));
            assertThat(p.atServer.next()).isEqualTo("failure:1007:INVALID_COMPRESSED_DATA");
        }
    }

    @Test
    void aDecompressionBombStopsAtTheLimitWithoutInflatingTheRest() throws Exception {
        // 256 MiB of zeros deflate to a few hundred KiB; the limit is 1 MiB.
        Deflater d = new Deflater(9, true);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] buf = new byte[1 << 16];
        for (int i = 0; i < 256; i++) {
            d.setInput(zeros);
            while (!d.needsInput()) {
                int n = d.deflate(buf, 0, buf.length, Deflater.NO_FLUSH);
                compressed.write(buf, 0, n);
            }
        }
        int n;
        while ((n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
            compressed.write(buf, 0, n);
        }
        d.end();
        byte[] bomb = compressed.toByteArray();
        assertThat(bomb.length).isLessThan(512 * 1024);
        Pair p = new Pair(PerMessageDeflate.defaults(), PerMessageDeflate.defaults(), Integer.MAX_VALUE,
                ProtocolLimits.builder().maxMessageSize(1 << 20).build());
        long before = allocatedBytes();
        p.server.receive(ByteBuffer.wrap(RawFrame.binary(bomb).rsv(4).mask(1).bytes()));
        long allocated = allocatedBytes() - before;
        assertThat(p.atServer.next()).isEqualTo("failure:1009:MESSAGE_TOO_BIG");
        // The assembly buffer grows to the 1 MiB limit, not towards 256 MiB.
        assertThat(allocated).isLessThan(16L << 20);
    }

    private static long allocatedBytes() {
        java.lang.management.ThreadMXBean t = java.lang.management.ManagementFactory.getThreadMXBean();
        return ((com.sun.management.ThreadMXBean) t).getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void aCompressedMessageOfExactlyTheLimitArrivesAndOneByteMoreFails() throws Exception {
        ProtocolLimits limits = ProtocolLimits.builder().maxMessageSize(1 << 20).build();
        Pair p = new Pair(PerMessageDeflate.defaults(), PerMessageDeflate.defaults(), Integer.MAX_VALUE, limits);
        String exact = "a".repeat(1 << 20);
        p.client.sendText(exact);
        assertThat(p.atServer.next()).isEqualTo("text:" + exact);
        p.client.sendText(exact + "a");
        assertThat(p.atServer.next()).isEqualTo("failure:1009:MESSAGE_TOO_BIG");
    }

    @Test
    void serverFactoryDeclinesWhatItCannotHonourWithoutLeaking() throws Exception {
        ServerExtensionFactory.Accepted a = PerMessageDeflate.builder().clientMaxWindowBits(9).build().acceptOffer(
                header("permessage-deflate").get(0));
        assertThat(a).isNull();
    }

    @Nested
    class Windows {
        @ParameterizedTest(name = "{0} bits")
        @ValueSource(ints = {8, 9, 10, 11, 12, 13, 14, 15})
        void everyWindowRoundTripsBothWaysWithContextTakeover(int bits) throws Exception {
            PerMessageDeflate both = PerMessageDeflate.builder().serverMaxWindowBits(bits).clientMaxWindowBits(bits)
                    .threshold(0).build();
            Pair p = new Pair(both);
            Random random = new Random(bits);
            for (int k = 0; k < 40; k++) {
                int size = new int[] {0, 1, 200, 1000, 5000, 70_000}[k % 6];
                byte[] noise = new byte[size];
                random.nextBytes(noise);
                String json = "{\"id\": " + k + ", \"name\": \"weft\", \"tags\": [\"a\", \"b\"]}";
                String text = json.repeat(size / json.length() + 1).substring(0, size);
                p.client.sendText(text);
                p.atServer.expect("text:" + text);
                p.server.sendText(text);
                p.atClient.expect("text:" + text);
                p.server.sendBinary(ByteBuffer.wrap(noise));
                p.atClient.expect("binary:" + hex(noise));
            }
            assertThat(PerMessageDeflate.liveZlibContexts()).as("below 15 bits, idle connections hold no zlib context")
                    .isEqualTo(bits == 15 ? 4 : 0);
        }

        @Test
        void aSmallWindowStillCompressesRepeatsAcrossMessages() throws Exception {
            Pair p = new Pair(PerMessageDeflate.builder().serverMaxWindowBits(10).clientMaxWindowBits(10).build());
            String json = "{\"event\":\"tick\",\"symbol\":\"WEFT\",\"price\":123.45,\"volume\":1000}".repeat(30); // 1.9 KB
            p.client.sendText(json);
            p.atServer.expect("text:" + json);
            int first = p.clientWire.get(p.clientWire.size() - 1).length;
            p.client.sendText(json);
            p.atServer.expect("text:" + json);
            int second = p.clientWire.get(p.clientWire.size() - 1).length;
            assertThat(first).as("compressed within a 1 KiB window").isLessThan(json.length() / 4);
            assertThat(second).as("the next message refers back into the kept half window").isLessThanOrEqualTo(first);
        }

        @Test
        void aPeerThatRefersBeyondTheAgreedWindowFailsWith1007() throws Exception {
            // The server holds clients to 10 bits; this "client" compresses with zlib's 15 and
            // repeats 2,000 random bytes, so its second message refers about 2,000 bytes back.
            PerMessageDeflate server = PerMessageDeflate.builder().clientMaxWindowBits(10).build();
            ExtensionNegotiation.Agreed agreed = ExtensionNegotiation.server(List.of(server),
                    header("permessage-deflate; client_max_window_bits"));
            Recorder rec = new Recorder();
            ProtocolConnection conn = ProtocolConnection.builder(Role.SERVER).events(rec).outbound(rec).bufferPool(rec)
                    .extensions(new ExtensionChain(agreed.extensions())).build();
            opened.add(conn);
            byte[] noise = new byte[2000];
            new Random(1).nextBytes(noise);
            Deflater wide = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try {
                conn.receive(ByteBuffer.wrap(RawFrame.binary(dev.weft.protocol.testing.Deflated.message(wide, noise))
                        .rsv(4).mask(0x01020304).bytes()));
                rec.expect("binary:" + hex(noise));
                conn.receive(ByteBuffer.wrap(RawFrame.binary(dev.weft.protocol.testing.Deflated.message(wide, noise))
                        .rsv(4).mask(0x01020304).bytes()));
            } finally {
                wide.end();
            }
            rec.expect("failure:1007:INVALID_COMPRESSED_DATA");
            rec.takeWritten();
        }
    }

    /** A published message compressed once for many connections, sent between a connection's own compressed messages. */
    @Nested
    class Shared {
        private ByteBuffer sharedFrame(ProtocolConnection server, String text) {
            ByteBuffer payload = server.sharedEncoder().encodeMessage(Opcode.TEXT,
                    ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            assertThat(payload).as("compressed, not left as it is").isNotNull();
            dev.weft.protocol.frame.FrameEncoder encoder = new dev.weft.protocol.frame.FrameEncoder(Role.SERVER, null);
            ByteBuffer frame = ByteBuffer.allocate(encoder.headerSize(payload.remaining()) + payload.remaining());
            encoder.writeHeader(frame, true, server.sharedEncoder().rsv(), Opcode.TEXT, payload.remaining());
            return frame.put(payload).flip();
        }

        /**
         * Each of the server's own messages repeats most of its last one, so a compressor that
         * kept its context across the published message would refer back into the bytes of the
         * published message instead (in the client's window, those sit in between) and the
         * client would get other text or fail with 1007.
         */
        @ParameterizedTest(name = "{0} bits")
        @ValueSource(ints = {8, 10, 12, 14, 15})
        void ownMessagesKeepingTheirContextStayIntactAroundSharedOnes(int bits) throws Exception {
            PerMessageDeflate pmd = PerMessageDeflate.builder().serverMaxWindowBits(bits).clientMaxWindowBits(bits)
                    .threshold(0).build();
            Pair p = new Pair(pmd);
            assertThat(p.server.sharedEncoder()).as("a connection keeping its context shares too").isNotNull();
            assertThat(p.client.sharedEncoder()).as("a client masks each frame: nothing to share").isNull();
            Random random = new Random(bits);
            for (int k = 0; k < 30; k++) {
                String own = "{\"seq\":" + k + ",\"body\":\"" + "the same long sentence, sent again ".repeat(3) + "\"}";
                p.server.sendText(own);
                p.atClient.expect("text:" + own);
                StringBuilder published = new StringBuilder();
                for (int i = 0; i < 150 + random.nextInt(300); i++) {
                    published.append((char) ('a' + random.nextInt(26)));
                }
                p.server.sendEncoded(sharedFrame(p.server, published.toString()));
                p.atClient.expect("text:" + published);
            }
            p.server.sendText("after all that, the context works again ".repeat(4));
            p.atClient.expect("text:" + "after all that, the context works again ".repeat(4));
        }

        @Test
        void aSharedMessageCompressesOncePerWindowAndLeavesSmallOnesAlone() throws Exception {
            PerMessageDeflate pmd = PerMessageDeflate.builder().threshold(100).build();
            Pair fifteen = new Pair(pmd);
            Pair again = new Pair(pmd);
            Pair ten = new Pair(pmd, PerMessageDeflate.builder().serverMaxWindowBits(10).build(), Integer.MAX_VALUE,
                    ProtocolLimits.defaults());
            assertThat(again.server.sharedEncoder()).as("one per factory and window").isSameAs(fifteen.server.sharedEncoder());
            assertThat(ten.server.sharedEncoder()).isNotSameAs(fifteen.server.sharedEncoder());
            assertThat(fifteen.server.sharedEncoder().encodeMessage(Opcode.TEXT, ByteBuffer.wrap(new byte[99])))
                    .as("below the threshold: sent as it is").isNull();
            String text = "0123456789".repeat(400);
            ten.server.sendEncoded(sharedFrame(ten.server, text));
            ten.atClient.expect("text:" + text);
        }
    }
}
