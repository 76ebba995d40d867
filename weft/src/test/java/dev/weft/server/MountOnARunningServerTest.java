package dev.weft.server;

import dev.weft.WebSocket;
import dev.weft.WebSocketConnectException;
import dev.weft.client.ConnectOptions;
import dev.weft.client.WebSocketClient;
import dev.weft.testing.Inbox;
import dev.weft.testing.Listeners;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** WebSocket-Node's router mount/unmount on a running server; connections already open stay open. */
class MountOnARunningServerTest {
    @Test
    void endpointsComeAndGoWhileTheServerRunsAndOpenConnectionsStay() throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).build().start();
             WebSocketClient client = WebSocketClient.create()) {
            URI late = URI.create("ws://127.0.0.1:" + server.port() + "/late");
            assertThatThrownBy(() -> client.connect(late, new Inbox()).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOfSatisfying(WebSocketConnectException.class, e -> assertThat(e.status()).isEqualTo(404));

            server.mount("/late", Endpoint.of(Listeners.ECHO));
            server.mount("/late", "v2", Endpoint.of(Listeners.ECHO));
            Inbox inbox = new Inbox();
            WebSocket ws = client.connect(late, inbox).get(5, TimeUnit.SECONDS);
            WebSocket v2 = client.connect(late, ConnectOptions.builder().subprotocols("v2").build(), new Inbox())
                    .get(5, TimeUnit.SECONDS);
            assertThat(v2.subprotocol()).isEqualTo("v2");

            assertThat(server.unmount("/late")).isTrue();
            assertThat(server.unmount("/late")).as("already gone").isFalse();
            assertThatThrownBy(() -> client.connect(late, new Inbox()).get(5, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(WebSocketConnectException.class, e -> assertThat(e.status()).isEqualTo(404));
            assertThat(client.connect(late, ConnectOptions.builder().subprotocols("v2").build(), new Inbox())
                    .get(5, TimeUnit.SECONDS).subprotocol()).as("the v2 mount stays").isEqualTo("v2");

            ws.sendText("still open");
            assertThat(inbox.nextMessage()).as("a connection the unmounted endpoint opened").isEqualTo("still open");
            assertThat(server.unmount("/late", "v2")).isTrue();
        }
    }
}
