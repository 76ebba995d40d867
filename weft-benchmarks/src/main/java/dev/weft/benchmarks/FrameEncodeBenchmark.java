package dev.weft.benchmarks;

import dev.weft.protocol.Role;
import dev.weft.protocol.frame.FrameEncoder;
import dev.weft.protocol.frame.Opcode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Frame encoding into a 256 KiB write buffer: a server's frames (header + payload) and a
 * client's (header + masked payload), against a plain copy of the same payloads as the ceiling.
 */
@State(Scope.Thread)
public class FrameEncodeBenchmark {
    /** The payload of each frame: 32 bytes (chat-sized) or 16 KiB (bulk). */
    @Param({"32", "16384"})
    public int frameSize;

    private ByteBuffer payload;
    private ByteBuffer out;
    private int frames;
    private final FrameEncoder server = FrameEncoder.of(Role.SERVER, null);
    private FrameEncoder client;

    @Setup
    public void setup() {
        payload = ByteBuffer.wrap(Utf8Benchmark.sample("ascii", frameSize));
        frames = Math.max(1, 256 * 1024 / (frameSize + 14));
        out = ByteBuffer.allocate(frames * (frameSize + 14));
        Random random = new Random(5);
        client = FrameEncoder.of(Role.CLIENT, random::nextInt);
    }

    /** The payload bytes each invocation encodes, for the GB/s figures. */
    public long payloadBytes() {
        return (long) Math.max(1, 256 * 1024 / (frameSize + 14)) * frameSize;
    }

    @Benchmark
    public ByteBuffer copyBaseline() {
        out.clear();
        for (int i = 0; i < frames; i++) {
            out.put(payload.duplicate());
        }
        return out;
    }

    @Benchmark
    public ByteBuffer weftServerFrames() {
        out.clear();
        for (int i = 0; i < frames; i++) {
            server.writeFrame(out, true, 0, Opcode.TEXT, payload.duplicate());
        }
        return out;
    }

    @Benchmark
    public ByteBuffer weftClientFrames() {
        out.clear();
        for (int i = 0; i < frames; i++) {
            client.writeFrame(out, true, 0, Opcode.TEXT, payload.duplicate());
        }
        return out;
    }
}
