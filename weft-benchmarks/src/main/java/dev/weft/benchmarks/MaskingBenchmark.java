package dev.weft.benchmarks;

import dev.weft.protocol.frame.Masking;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.util.Random;

/** RFC 6455 §5.3 masking: weft's eight-bytes-a-step loop against the byte-at-a-time loop. */
@State(Scope.Thread)
public class MaskingBenchmark {
    @Param({"125", "65536"})
    public int size;

    private byte[] data;
    private ByteBuffer direct;
    private final int key = 0x37fa213d;

    @Setup
    public void setup() {
        data = new byte[size];
        new Random(1).nextBytes(data);
        direct = ByteBuffer.allocateDirect(size);
        direct.put(data).clear();
    }

    private final byte[] keyBytes = {0x37, (byte) 0xfa, 0x21, 0x3d};

    /** The loop as RFC 6455 §5.3 writes it: {@code transformed[i] = original[i] XOR key[i MOD 4]}. */
    @Benchmark
    public byte[] byteLoopBaseline() {
        byte[] b = data;
        byte[] k = keyBytes;
        for (int i = 0; i < b.length; i++) {
            b[i] ^= k[i & 3];
        }
        return b;
    }

    @Benchmark
    public byte[] weftArray() {
        Masking.mask(data, 0, data.length, key, 0);
        return data;
    }

    @Benchmark
    public ByteBuffer weftDirectBuffer() {
        Masking.mask(direct, 0, size, key, 0);
        return direct;
    }
}
