package dev.weft.hostile;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import dev.weft.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fault that every connection hits (here, a listener that throws on every message) is one
 * WARNING in the log, not one per connection: the rest go to DEBUG, and every connection still
 * gets its 1011.
 */
class RepeatedFaultsLogOnceTest {
    private static final int CONNECTIONS = 200;

    private final Logger weftLog = Logger.getLogger("dev.weft");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level savedLevel;

    @BeforeEach
    void record() {
        savedLevel = weftLog.getLevel();
        weftLog.setLevel(Level.ALL);
        weftLog.addHandler(recorder);
    }

    @AfterEach
    void restore() {
        weftLog.removeHandler(recorder);
        weftLog.setLevel(savedLevel);
    }

    @Test
    void aListenerThatThrowsForEveryConnectionIsOneWarning() throws Exception {
        WebSocketListener buggy = new WebSocketListener() {
            @Override
            public void onText(WebSocket socket, String text) {
                throw new IllegalStateException("a bug in the application's listener");
            }
        };
        WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(2)
                .endpoint("/buggy", buggy).build().start();
        try (WebSocketClient client = WebSocketClient.create()) {
            List<CompletableFuture<Integer>> codes = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                CompletableFuture<Integer> code = new CompletableFuture<>();
                codes.add(code);
                client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/buggy"), new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket) {
                        socket.sendText("hello");
                    }

                    @Override
                    public void onClose(WebSocket socket, int c, String reason, boolean clean) {
                        code.complete(c);
                    }
                }).get(10, TimeUnit.SECONDS);
            }
            for (CompletableFuture<Integer> code : codes) {
                assertThat(code.get(10, TimeUnit.SECONDS)).as("each connection is failed with 1011").isEqualTo(1011);
            }
        } finally {
            server.stop(java.time.Duration.ofSeconds(2));
        }
        List<LogRecord> threw = records.stream().filter(r -> r.getMessage().startsWith("listener threw")).toList();
        assertThat(threw).hasSize(CONNECTIONS);
        assertThat(threw).filteredOn(r -> r.getLevel() == Level.WARNING).singleElement()
                .satisfies(r -> assertThat(r.getThrown()).hasMessage("a bug in the application's listener"));
        assertThat(threw).filteredOn(r -> r.getLevel().intValue() < Level.INFO.intValue()).hasSize(CONNECTIONS - 1);
    }
}
