package dev.weft.interop;

import dev.weft.testing.PeerProcess;
import dev.weft.testing.NeedsPeers;
import dev.weft.client.WebSocketClient;
import dev.weft.stream.WebSocketStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * weft's {@link WebSocketStream} against ws's streams API ({@code createWebSocketStream}): the
 * Node side pipes its duplex through a byte-inverting transform and back, so bytes travel
 * weft stream -> messages -> Node stream -> messages -> weft stream, re-chunked on both sides.
 */
@NeedsPeers("node with npm ws")
@Timeout(120) // blocking reads: a broken stream must fail the test, not hang the build
class StreamInteropTest {
    @Test
    void weftStreamThroughNodeWsDuplexStream() throws Exception {
        try (PeerProcess node = PeerProcess.start("node", "stream_server.js");
             WebSocketClient client = WebSocketClient.create()) {
            String port = node.awaitLine(l -> l.startsWith("listening "), 20).substring("listening ".length());
            WebSocketStream stream = WebSocketStream.create(64 * 1024, 5000);
            client.connect(URI.create("ws://127.0.0.1:" + port + "/"), stream).get(10, TimeUnit.SECONDS);
            byte[] data = new byte[3 << 20];
            new Random(7).nextBytes(data);
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                try {
                    for (int at = 0; at < data.length; at += 1234) {
                        stream.output().write(data, at, Math.min(1234, data.length - at));
                    }
                    stream.output().flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] back = stream.input().readNBytes(data.length);
            written.get(10, TimeUnit.SECONDS);
            assertThat(back).hasSize(data.length);
            for (int i = 0; i < data.length; i++) {
                if (back[i] != (byte) ~data[i]) {
                    throw new AssertionError("byte " + i + " came back as " + back[i] + ", not the inverse of " + data[i]);
                }
            }
            stream.close();
            node.awaitLine(l -> l.equals("ended " + data.length), 10);
            assertThat(stream.input().read()).isEqualTo(-1);
        }
    }
}
