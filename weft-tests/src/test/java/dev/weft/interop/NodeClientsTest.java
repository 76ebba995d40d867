package dev.weft.interop;

import dev.weft.testing.PeerProcess;
import dev.weft.testing.NeedsPeers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The npm packages' clients (ws, websocket, faye-websocket) against weft's server: echoes of
 * text and binary from 0 bytes to 16 MiB, fragmented messages, ping/pong, closes both ways with
 * codes and reasons, subprotocol choice, a refused handshake, and protocol version 8.
 */
@NeedsPeers("node with npm ws, websocket and faye-websocket")
class NodeClientsTest {
    @ParameterizedTest(name = "{0} client, version {1}")
    @CsvSource({"ws, 13", "ws, 8", "websocket, 13", "websocket, 8", "faye, 13"})
    void peerClientConversesWithWeftServer(String lib, int version) throws Exception {
        try (InteropServer server = new InteropServer();
             PeerProcess node = PeerProcess.start("node", "client.js", lib, server.url(), "--version", Integer.toString(version))) {
            int exit = node.await(180);
            assertThat(exit).as("node client.js %s exited; output:%n%s", lib, node.output()).isZero();
            assertThat(node.output()).contains("ok binary echo of 16777216 bytes", "ok pong carries the ping payload",
                    "ok subprotocol chat.v1 chosen", "ok handshake refused with 403", "done");
            // weft's side saw the client's close code and reason.
            server.expectClose("4001 bye");
        }
    }
}
