package dev.weft.topics;

import dev.weft.MemoryStats;
import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketListener;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.PeerProcess;
import dev.weft.topic.PublishResult;
import dev.weft.topic.TopicStats;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 10,000 subscribers of one topic, a third of them never reading (clients in a process of their
 * own): the slow-subscriber policy skips the stalled ones once their queues pass the high
 * watermark, every reader gets every message in order, and what the stalled ones hold stays
 * bounded.
 */
class ManySubscribersTest {
    private static final int READERS = 6_667;
    private static final int STALLED = 3_333;
    private static final int MESSAGES = 100;
    private static final int SIZE = 2048;
    private static final long HIGH = 8 << 10;

    @Test
    void aThirdNeverReadingAreSkippedAndTheRestGetEverything() throws Exception {
        // A fixed 16 KiB kernel send buffer: left to itself, Linux would hold up to 4 MiB for each
        // stalled peer before weft's queue saw any of it.
        WebSocketConfig config = WebSocketConfig.builder().watermarks(2 << 10, HIGH).maxOutboundBytes(64 << 10)
                .socketSendBuffer(16 << 10).build();
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(2).config(config)
                .endpoint("/feed", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        ws.subscribe("feed");
                    }
                }).build().start()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            try (PeerProcess fleet = PeerProcess.start(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                    SubscriberFleet.class.getName(), String.valueOf(server.port()), String.valueOf(READERS),
                    String.valueOf(STALLED), String.valueOf(MESSAGES))) {
                fleet.awaitLine("open"::equals, 120);
                await().atMost(Duration.ofSeconds(30)).until(() -> server.topicStats("feed").subscribers() == READERS + STALLED);
                List<WebSocket> readers = server.connections().stream().filter(ws -> "reads".equals(ws.query())).toList();
                assertThat(readers).hasSize(READERS);

                String padding = "x".repeat(SIZE);
                PublishResult sum = PublishResult.NOBODY;
                for (int seq = 0; seq < MESSAGES; seq++) {
                    // Readers keep up (the publisher waits for them), so only the stalled are ever slow.
                    await().atMost(Duration.ofSeconds(30)).until(() -> readers.stream().allMatch(ws -> ws.bufferedAmount() < HIGH / 2));
                    sum = sum.plus(server.publish("feed", "m" + seq + " " + padding).get(30, TimeUnit.SECONDS));
                }
                System.out.println("published " + MESSAGES + " to " + (READERS + STALLED) + " subscribers: " + sum);
                assertThat(sum.queued() + sum.skipped()).isEqualTo((READERS + STALLED) * MESSAGES);
                assertThat(sum.closed()).isZero();
                assertThat(sum.skipped()).as("the stalled are skipped once past the high watermark")
                        .isGreaterThan(STALLED * MESSAGES / 2);
                TopicStats stats = server.topicStats("feed");
                assertThat(stats.skipped()).isEqualTo(sum.skipped());
                assertThat(stats.deliveries()).isEqualTo(sum.queued());

                // Each stalled connection holds at most its high watermark and one message more.
                long frame = SIZE + 10;
                for (WebSocket ws : server.connections()) {
                    assertThat(ws.bufferedAmount()).isLessThanOrEqualTo(HIGH + frame);
                }
                MemoryStats memory = server.memoryStats();
                assertThat(memory.outboundBytes()).isLessThanOrEqualTo((long) STALLED * (HIGH + frame));

                OutputStream toFleet = fleet.stdin();
                String expected = "readers " + READERS + " complete, " + (long) READERS * MESSAGES + " messages, 0 out of order";
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    toFleet.write("report\n".getBytes(StandardCharsets.US_ASCII));
                    toFleet.flush();
                    assertThat(fleet.awaitLine(l -> l.startsWith("readers "), 10)).isEqualTo(expected);
                });
            }
        }
    }
}
