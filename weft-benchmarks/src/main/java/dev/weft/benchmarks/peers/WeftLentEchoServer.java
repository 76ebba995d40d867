package dev.weft.benchmarks.peers;

import dev.weft.WebSocketConfig;
import dev.weft.protocol.deflate.PerMessageDeflate;

/**
 * weft's echo server lending binary messages to its listener
 * ({@link WebSocketConfig.Builder#lendBinaryMessages}): each arrives in a pooled direct buffer
 * that the echo sends back as it is, written without a copy and pooled again once written. The
 * way weft's documentation says to write a relay; the plain {@code weft} row shows the default,
 * where every message is the listener's own array.
 */
public final class WeftLentEchoServer {
    private WeftLentEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        WeftEchoServer.serve(ServerArgs.parse(args), PerMessageDeflate.defaults(),
                WebSocketConfig.builder().lendBinaryMessages(true).build());
    }
}
