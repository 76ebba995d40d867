package dev.weft.benchmarks.peers;

import dev.weft.protocol.deflate.PerMessageDeflate;

/**
 * weft's echo server with permessage-deflate held to 10-bit windows both ways (what ws's
 * {@code serverMaxWindowBits: 10, clientMaxWindowBits: 10} asks for): memory over ratio.
 */
public final class WeftSmallWindowEchoServer {
    private WeftSmallWindowEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        WeftEchoServer.serve(ServerArgs.parse(args),
                PerMessageDeflate.builder().serverMaxWindowBits(10).clientMaxWindowBits(10).build());
    }
}
