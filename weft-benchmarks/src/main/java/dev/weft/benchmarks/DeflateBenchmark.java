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
 * or random bytes), beside a plain {@link Deflater}/{@link Inflater} doing the same work with
 * the same settings as the baseline. {@link #compressedSize()} gives the compression ratio.
 */
@State(Scope.Thread)
public class DeflateBenchmark {
    /** json: repetitive JSON text; random: incompressible bytes. */
    @Param({"json", "random"})
    public String data;

    private byte[] message;
    private Extension sender;
    private Extension receiver;
    private final Deflater deflater = new Deflater(6, true);
    private final Inflater inflater = new Inflater(true);
    private final byte[] scratch = new byte[64 * 1024];
    private Blackhole hole;

    @Setup
    public void setup(Blackhole blackhole) {
        hole = blackhole;
        message = sample(data);
        PerMessageDeflate pmd = PerMessageDeflate.builder().threshold(0).build();
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
        inflater.end();
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
