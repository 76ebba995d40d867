package dev.weft.interop;

import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.client.WebSocketClient;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import dev.weft.testing.Listeners;
import dev.weft.testing.NeedsPeers;
import dev.weft.testing.PeerProcess;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** WebSocket-Node's useNativeKeepalive: with tcpKeepAlive on, the kernel keeps a keepalive timer for both ends. */
@NeedsPeers("ss (iproute2)")
class TcpKeepAliveTest {
    @Test
    void bothEndsOfAConnectionHaveTheKernelsKeepaliveTimer() throws Exception {
        WebSocketConfig keepAlive = WebSocketConfig.builder().tcpKeepAlive(true).build();
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).config(keepAlive)
                .endpoint("/", Listeners.ECHO).build().start();
             WebSocketClient client = WebSocketClient.create(keepAlive, 1)) {
            WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/"), new Inbox())
                    .get(5, TimeUnit.SECONDS);
            int clientPort = ws.localAddress().getPort();
            try (PeerProcess ss = PeerProcess.start("ss", "-tno", "state", "established",
                    "( sport = :" + clientPort + " or dport = :" + clientPort + " )")) {
                assertThat(ss.await(10)).isZero();
                // The client's socket (source port clientPort) and the server's (destination port clientPort).
                List<String> lines = ss.output().lines().filter(l -> l.contains(":" + clientPort)).toList();
                assertThat(lines).hasSize(2).allMatch(l -> l.contains("timer:(keepalive"));
            }
        }
    }
}
