package dev.weft.server;

import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.client.WebSocketClient;
import dev.weft.testing.Inbox;
import dev.weft.testing.Listeners;
import dev.weft.testing.ManualTicker;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Endpoint.withConfig: limits and timeouts per endpoint, as ws users get from several servers. */
class PerEndpointConfigTest {
    @Test
    void eachEndpointsConnectionsRunWithItsOwnLimitsAndTimeouts() throws Exception {
        ManualTicker clock = new ManualTicker();
        WebSocketConfig serverConfig = WebSocketConfig.builder().ticker(clock).maxMessageSize(64 << 10).build();
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1).config(serverConfig)
                .endpoint("/small", Endpoint.of(Listeners.ECHO).withConfig(serverConfig.toBuilder().maxFrameSize(1024).maxMessageSize(1024).build()))
                .endpoint("/idle", Endpoint.of(Listeners.ECHO).withConfig(serverConfig.toBuilder()
                        .idleTimeout(Duration.ofSeconds(10)).build()))
                .endpoint("/big", Listeners.ECHO)
                .build().start();
             WebSocketClient client = WebSocketClient.create()) {
            String twoKiB = "k".repeat(2048);
            Inbox small = new Inbox();
            client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/small"), small).get(5, TimeUnit.SECONDS)
                    .sendText(twoKiB);
            assertThat(small.awaitClose()).startsWith("close:1009");

            Inbox big = new Inbox();
            WebSocket toBig = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/big"), big).get(5, TimeUnit.SECONDS);
            toBig.sendText(twoKiB);
            assertThat(big.nextMessage()).isEqualTo(twoKiB);

            Inbox idle = new Inbox();
            client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/idle"), idle).get(5, TimeUnit.SECONDS);
            clock.advance(Duration.ofSeconds(11));
            assertThat(idle.awaitClose()).as("the endpoint's idle timeout, on the server's clock").startsWith("close:1001");
            toBig.sendText("still here");
            assertThat(big.nextMessage()).as("the server's own endpoints have none").isEqualTo("still here");
        }
    }
}
