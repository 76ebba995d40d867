package dev.weft.benchmarks;

import dev.weft.protocol.Outbound;
import dev.weft.protocol.ProtocolConnection;
import dev.weft.protocol.ProtocolEvents;
import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.ProtocolLimits;
import dev.weft.protocol.Role;
import dev.weft.protocol.frame.FrameEncoder;
import dev.weft.protocol.frame.FrameParser;
import dev.weft.protocol.frame.FrameSink;
import dev.weft.protocol.frame.Opcode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Frame decoding on the server side (masked frames) of a 256 KiB read buffer: the bare frame
 * parser (header checks and unmasking in place) and the whole connection (plus UTF-8 checks
 * and message delivery), against a plain copy of the same bytes as the ceiling to compare with.
 */
@State(Scope.Thread)
public class FrameParseBenchmark {
    /** The payload of each frame: 32 bytes (chat-sized) or 16 KiB (bulk). */
    @Param({"32", "16384"})
    public int frameSize;

    private ByteBuffer wire;
    private byte[] pristine;
    private byte[] scratch;
    private FrameParser parser;
    private ProtocolConnection connection;
    private Blackhole hole;
    private final FrameSink sink = new FrameSink() {
        @Override
        public void frameStart(boolean fin, int rsv, Opcode opcode, long length) {
            hole.consume(length);
        }

        @Override
        public void framePayload(ByteBuffer payload, boolean endOfFrame) {
            hole.consume(payload.get(payload.position() + (payload.remaining() >> 1)));
        }
    };

    @Setup
    public void setup(Blackhole blackhole) {
        hole = blackhole;
        Random random = new Random(5);
        FrameEncoder client = new FrameEncoder(Role.CLIENT, random::nextInt);
        byte[] text = Utf8Benchmark.sample("ascii", frameSize);
        int frameBytes = client.headerSize(text.length) + text.length;
        int frames = Math.max(1, 256 * 1024 / frameBytes);
        ByteBuffer b = ByteBuffer.allocate(frames * frameBytes);
        for (int i = 0; i < frames; i++) {
            client.writeFrame(b, true, 0, Opcode.TEXT, ByteBuffer.wrap(text));
        }
        pristine = b.array();
        scratch = new byte[pristine.length];
        wire = ByteBuffer.wrap(scratch);
        parser = new FrameParser(Role.SERVER, ProtocolLimits.defaults());
        connection = ProtocolConnection.builder(Role.SERVER).events(new ProtocolEvents() {
            @Override
            public void onText(String t) {
                hole.consume(t);
            }
        }).outbound(new Outbound() {
            @Override
            public void write(ByteBuffer frame, ByteBuffer payload) {
            }

            @Override
            public void closeTransport() {
            }
        }).build();
    }

    /** The number of wire bytes each invocation processes, for the GB/s figures. */
    public int wireBytes() {
        return pristine.length;
    }

    @Benchmark
    public byte[] copyBaseline() {
        // Each variant below starts with this same copy (unmasking is in place), so the ratio to it is honest.
        System.arraycopy(pristine, 0, scratch, 0, pristine.length);
        return scratch;
    }

    @Benchmark
    public void weftFrameParser() throws ProtocolException {
        System.arraycopy(pristine, 0, scratch, 0, pristine.length);
        wire.clear();
        parser.parse(wire, sink);
    }

    @Benchmark
    public void weftConnection() {
        System.arraycopy(pristine, 0, scratch, 0, pristine.length);
        wire.clear();
        connection.receive(wire);
    }
}
