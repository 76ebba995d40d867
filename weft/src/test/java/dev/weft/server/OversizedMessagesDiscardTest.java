package dev.weft.server;

import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.client.ConnectOptions;
import dev.weft.client.WebSocketClient;
import dev.weft.protocol.OversizedMessages;
import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.testing.Inbox;
import dev.weft.testing.Listeners;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An endpoint that discards oversized messages: the connection goes on, the drop is counted;
 * compressed ones still close with 1009; the server's other endpoints keep their own policy.
 */
class OversizedMessagesDiscardTest {
    @Test
    void anOversizedMessageIsDroppedCountedAndTheConnectionGoesOn() throws Exception {
        WebSocketConfig small = WebSocketConfig.builder().maxMessageSize(1024).build();
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1).config(small)
                .extensions(PerMessageDeflate.defaults())
                .endpoint("/lenient", Endpoint.of(Listeners.ECHO).withConfig(small.toBuilder()
                        .oversizedMessages(OversizedMessages.DISCARD).build()))
                .endpoint("/strict", Listeners.ECHO)
                .build().start();
             WebSocketClient client = WebSocketClient.create()) {
            ConnectOptions plain = ConnectOptions.builder().extensions().build();
            Inbox lenient = new Inbox();
            WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/lenient"), plain, lenient)
                    .get(5, TimeUnit.SECONDS);
            ws.sendText("x".repeat(2048));
            ws.sendBinary(ByteBuffer.allocate(4096));
            ws.sendText("fits");
            assertThat(lenient.nextMessage()).isEqualTo("fits");
            assertThat(server.memoryStats().oversizedDiscards()).isEqualTo(2);
            assertThat(ws.readyState()).isEqualTo(dev.weft.ReadyState.OPEN);

            Inbox strict = new Inbox();
            client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/strict"), plain, strict).get(5, TimeUnit.SECONDS)
                    .sendText("x".repeat(2048));
            assertThat(strict.awaitClose()).as("the server's own policy on its other endpoint").startsWith("close:1009");

            Inbox compressed = new Inbox();
            client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/lenient"), compressed).get(5, TimeUnit.SECONDS)
                    .sendText("y".repeat(4096));
            assertThat(compressed.awaitClose()).as("a compressed message cannot be skipped").startsWith("close:1009");
            assertThat(server.memoryStats().oversizedDiscards()).isEqualTo(2);
        }
    }
}
