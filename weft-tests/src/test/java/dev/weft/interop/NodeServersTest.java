package dev.weft.interop;

import dev.weft.testing.PeerProcess;
import dev.weft.testing.NeedsPeers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * weft's client against the npm packages' servers (ws, websocket, faye-websocket): the same
 * conversation as with every peer, and the peer's record of weft's close code and reason.
 */
@NeedsPeers("node with npm ws, websocket and faye-websocket")
class NodeServersTest {
    @ParameterizedTest(name = "{0} server, version {1}")
    // faye-websocket's server speaks version 13 only (it answers 8 with 400), so it is not asked for 8.
    @CsvSource({"ws, 13", "ws, 8", "websocket, 13", "websocket, 8", "faye, 13"})
    void weftClientConversesWithPeerServer(String lib, int version) throws Exception {
        try (PeerProcess node = PeerProcess.start("node", "server.js", lib)) {
            String port = node.awaitLine(l -> l.startsWith("listening "), 20).substring("listening ".length());
            ClientConversation.run("ws://127.0.0.1:" + port, version);
            node.awaitLine(l -> l.equals("closed 4001 bye"), 10);
            assertThat(node.output()).contains("closed 4001 bye");
        }
    }
}
