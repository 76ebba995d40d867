package dev.weft.benchmarks.peers;

import dev.weft.protocol.deflate.PerMessageDeflate;

/**
 * weft's echo server imposing no context takeover on both sides (RFC 7692 §7.1.1): every
 * message compressed and inflated from a fresh, pooled zlib context.
 */
public final class WeftNoTakeoverEchoServer {
    private WeftNoTakeoverEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        WeftEchoServer.serve(ServerArgs.parse(args),
                PerMessageDeflate.builder().serverNoContextTakeover(true).clientNoContextTakeover(true).build());
    }
}
