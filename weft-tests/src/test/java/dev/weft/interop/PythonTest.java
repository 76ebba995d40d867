package dev.weft.interop;

import dev.weft.testing.PeerProcess;
import dev.weft.testing.NeedsPeers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's python3-websockets against weft, both ways. Run with Debian's own interpreter,
 * /usr/bin/python3, which is where the package installs.
 */
@NeedsPeers("python3-websockets")
class PythonTest {
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void pythonClientConversesWithWeftServer() throws Exception {
        try (InteropServer server = new InteropServer();
             PeerProcess py = PeerProcess.start(PYTHON, "py_client.py", server.url())) {
            int exit = py.await(180);
            assertThat(exit).as("py_client.py output:%n%s", py.output()).isZero();
            assertThat(py.output()).contains("ok binary echo of 16777216 bytes", "ok fragmented binary reassembled",
                    "ok subprotocol chat.v1 chosen", "ok handshake refused with 403", "done");
            server.expectClose("4001 bye");
        }
    }

    @Test
    void weftClientConversesWithPythonServer() throws Exception {
        try (PeerProcess py = PeerProcess.start(PYTHON, "py_server.py")) {
            String port = py.awaitLine(l -> l.startsWith("listening "), 20).substring("listening ".length());
            ClientConversation.run("ws://127.0.0.1:" + port, 13);
            py.awaitLine(l -> l.equals("closed 4001 bye"), 10);
        }
    }
}
