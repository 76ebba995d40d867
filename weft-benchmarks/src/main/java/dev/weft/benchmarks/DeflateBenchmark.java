package dev.weft.benchmarks;

import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.protocol.extension.Extension;
import dev.weft.protocol.extension.ExtensionNegotiation;
import dev.weft.protocol.frame.Opcode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * permessage-deflate: weft's codec compressing and inflating one 4 KiB message (typical JSON,
 * or random bytes) with zlib's 15-bit window or a 10-bit one (half-window slices), beside a
 * plain {@link Deflater}/{@link Inflater} doing the same work with the same settings as the
 * baseline, and a Huffman-only deflater (the other way to honour any window: no
 * back-references). {@link #main} prints the compressed sizes, for the ratios.
 */
@State(Scope.Thread)
public class DeflateBenchmark {
    /** json: repetitive JSON text; random: incompressible bytes. */
    @Param({"json", "random"})
    public String data;

    /** The window both sides agree on: 15 (zlib's own), or below (weft's slices). */
    @Param({"15", "12", "10", "8"})
    public int window;

    private byte[] message;
    private Extension sender;
    private Extension receiver;
    private final Deflater deflater = new Deflater(6, true);
    private final Deflater huffmanOnly = huffmanOnly();
    private final Inflater inflater = new Inflater(true);
    private final byte[] scratch = new byte[64 * 1024];
    private Blackhole hole;

    @Setup
    public void setup(Blackhole blackhole) {
        hole = blackhole;
        message = sample(data);
        PerMessageDeflate pmd = PerMessageDeflate.builder().threshold(0).serverMaxWindowBits(window)
                .clientMaxWindowBits(window).build();
        ExtensionNegotiation.Agreed agreed = ExtensionNegotiation.server(List.of(pmd), pmd.offers());
        receiver = agreed.extensions().get(0);
        sender = ExtensionNegotiation.client(List.of(pmd), agreed.responses()).get(0);
    }

    static byte[] sample(String kind) {
        if (kind.equals("random")) {
            byte[] b = new byte[4096];
            new Random(9).nextBytes(b);
            return b;
        }
        return dev.weft.benchmarks.load.Payloads.binary(4096);
    }

    @TearDown
    public void tearDown() {
        sender.close();
        receiver.close();
        deflater.end();
        huffmanOnly.end();
        inflater.end();
    }

    private static Deflater huffmanOnly() {
        Deflater d = new Deflater(6, true);
        d.setStrategy(Deflater.HUFFMAN_ONLY);
        return d;
    }

    /** Huffman-only's compressed size of one message, for the ratio beside weft's. */
    public int huffmanOnlySize() {
        huffmanOnly.reset();
        return huffmanOnlyCompressOnce();
    }

    /** One message through the Huffman-only deflater; a changed strategy takes effect over more than one call. */
    private int huffmanOnlyCompressOnce() {
        huffmanOnly.setInput(message);
        int total = 0;
        int n;
        do {
            n = huffmanOnly.deflate(scratch, 0, scratch.length, Deflater.SYNC_FLUSH);
            total += n;
        } while (n > 0 || !huffmanOnly.needsInput());
        return total;
    }

    /** Prints the compressed sizes of a 4 KiB message and of one sent after it (context takeover). */
    public static void main(String[] args) {
        for (String kind : new String[] {"json", "random"}) {
            for (int bits : new int[] {15, 12, 10, 8}) {
                DeflateBenchmark b = new DeflateBenchmark();
                b.data = kind;
                b.window = bits;
                b.setup(null);
                int first = b.compressedSize();
                int second = b.compressedSize();
                System.out.printf("%s, %d-bit window: 4,096 bytes -> %d, the next one -> %d; Huffman-only -> %d%n", kind, bits,
                        first, second, b.huffmanOnlySize());
                b.tearDown();
            }
        }
    }

    /** The compressed size of one message, for the ratio. */
    public int compressedSize() {
        int[] size = {0};
        sender.encodes(Opcode.BINARY, message.length, true);
        sender.encode(ByteBuffer.wrap(message), true, (d, last) -> size[0] += d.remaining());
        return size[0];
    }

    @Benchmark
    public void weftCompressAndInflate() throws ProtocolException {
        ByteBuffer[] compressed = new ByteBuffer[1];
        sender.encodes(Opcode.BINARY, message.length, true);
        sender.encode(ByteBuffer.wrap(message), true, (d, last) -> compressed[0] = d);
        receiver.incoming(4, true);
        receiver.decode(compressed[0], true, Long.MAX_VALUE, (d, last) -> hole.consume(d.remaining()));
    }

    @Benchmark
    public void huffmanOnlyCompress() {
        hole.consume(huffmanOnlyCompressOnce());
    }

    @Benchmark
    public void plainZlibBaseline() throws DataFormatException {
        deflater.setInput(message);
        int n = deflater.deflate(scratch, 0, scratch.length, Deflater.SYNC_FLUSH);
        inflater.setInput(scratch, 0, n);
        byte[] out = new byte[8192];
        int m;
        while ((m = inflater.inflate(out)) > 0) {
            hole.consume(m);
        }
    }
}
