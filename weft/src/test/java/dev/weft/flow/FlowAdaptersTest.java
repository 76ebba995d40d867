package dev.weft.flow;

import dev.weft.WebSocket;
import dev.weft.WebSocketClosedException;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Listeners;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Flow adapters over real connections: demand drives reading, sends follow the connection's pace. */
class FlowAdaptersTest {
    /** A subscriber that asks for nothing until the test says, and records what it gets. */
    static final class Collector implements Flow.Subscriber<Message> {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(Message m) {
            texts.add(m.text() != null ? m.text() : "binary " + m.data().remaining());
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }

    @Test
    void withoutDemandTheConnectionIsNotReadAndTcpPushesBackOnTheSender() throws Exception {
        BlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>();
        WebSocketConfig smallBuffers = WebSocketConfig.builder().socketSendBuffer(16 << 10).build();
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1).config(smallBuffers)
                .endpoint("/flood", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        opened.add(ws);
                    }
                })
                .build().start();
             WebSocketClient client = WebSocketClient.create(smallBuffers)) {
            MessagePublisher publisher = new MessagePublisher();
            Collector collector = new Collector();
            publisher.subscribe(collector);
            client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/flood"), publisher).get(5, TimeUnit.SECONDS);
            WebSocket sender = opened.poll(5, TimeUnit.SECONDS);
            String kib = "m".repeat(1024);
            for (int i = 0; i < 4000; i++) {
                sender.sendText(i + " " + kib);
            }
            // Nothing was asked for: the client reads nothing, the kernel buffers fill, and the
            // server's queue keeps what cannot be written (past its high watermark).
            await().atMost(Duration.ofSeconds(10)).until(() -> !sender.isWritable());
            long stuck = sender.bufferedAmount();
            assertThat(stuck).as("most of 4 MiB still queued at the sender").isGreaterThan(2L << 20);
            assertThat(collector.texts).isEmpty();

            collector.subscription.request(10);
            await().atMost(Duration.ofSeconds(5)).until(() -> collector.texts.size() == 10);
            assertThat(collector.texts.get(9)).startsWith("9 ");
            assertThat(sender.bufferedAmount()).as("ten messages do not drain the sender").isGreaterThan(2L << 20);

            collector.subscription.request(Long.MAX_VALUE);
            await().atMost(Duration.ofSeconds(20)).until(() -> collector.texts.size() == 4000);
            assertThat(collector.texts).extracting(t -> Integer.parseInt(t.substring(0, t.indexOf(' '))))
                    .containsExactlyElementsOf(IntStream.range(0, 4000).boxed().toList());
            sender.close(1000, "done");
            collector.done.get(5, TimeUnit.SECONDS);
        }
    }

    /** Many short streams, one element asked for at a time from inside onNext: each completes. */
    @Test
    void oneAtATimeFromInsideOnNextEveryStreamCompletes() throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1)
                .endpoint("/ten", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        for (int i = 0; i < 10; i++) {
                            ws.sendText(Integer.toString(i));
                        }
                        ws.close(1000, "done");
                    }
                }).build().start();
             WebSocketClient client = WebSocketClient.create()) {
            for (int run = 0; run < 300; run++) {
                MessagePublisher publisher = new MessagePublisher();
                client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ten"), publisher).get(5, TimeUnit.SECONDS);
                CompletableFuture<Integer> done = new CompletableFuture<>();
                java.util.concurrent.atomic.AtomicInteger got = new java.util.concurrent.atomic.AtomicInteger();
                publisher.subscribe(new Flow.Subscriber<>() {
                    private Flow.Subscription s;

                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        s = subscription;
                        s.request(1);
                    }

                    @Override
                    public void onNext(Message item) {
                        got.incrementAndGet();
                        s.request(1);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onComplete() {
                        done.complete(got.get());
                    }
                });
                try {
                    assertThat(done.get(5, TimeUnit.SECONDS)).isEqualTo(10);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("run " + run + " stalled after " + got.get() + ": " + publisher, e);
                }
            }
        }
    }

    @Test
    void aSubmissionPublisherSendsThroughAConnectionAndTheEchoesComeBackAsAPublisher() throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1)
                .endpoint("/echo", Listeners.ECHO).build().start();
             WebSocketClient client = WebSocketClient.create();
             SubmissionPublisher<Message> source = new SubmissionPublisher<>()) {
            MessagePublisher echoes = new MessagePublisher();
            Collector collector = new Collector();
            echoes.subscribe(collector);
            WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/echo"), echoes)
                    .get(5, TimeUnit.SECONDS);
            collector.subscription.request(Long.MAX_VALUE);
            source.subscribe(MessageSubscriber.sendingToAndKeepingOpen(ws));
            for (int i = 0; i < 2000; i++) {
                source.submit(i % 10 == 0 ? Message.binary(ByteBuffer.allocate(i)) : Message.text("message " + i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> collector.texts.size() == 2000);
            assertThat(collector.texts.get(1)).isEqualTo("message 1");
            assertThat(collector.texts.get(1990)).isEqualTo("binary 1990");
            assertThat(collector.texts.get(1999)).isEqualTo("message 1999");
        }
    }

    @Test
    void theSubscriberClosesTheConnectionWhenThePublisherEndsAndAnAbnormalCloseFailsThePublisher() throws Exception {
        BlockingQueue<String> closes = new LinkedBlockingQueue<>();
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).loops(1)
                .endpoint("/record", new WebSocketListener() {
                    @Override
                    public void onClose(WebSocket ws, int code, String reason, boolean clean) {
                        closes.add(Integer.toString(code));
                    }
                })
                .endpoint("/fail", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        ws.close(4001, "no thanks");
                    }
                })
                .build().start();
             WebSocketClient client = WebSocketClient.create()) {
            for (boolean fails : new boolean[] {false, true}) {
                WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/record"), new MessagePublisher())
                        .get(5, TimeUnit.SECONDS);
                SubmissionPublisher<Message> source = new SubmissionPublisher<>();
                source.subscribe(MessageSubscriber.sendingTo(ws));
                source.submit(Message.text("one"));
                if (fails) {
                    source.closeExceptionally(new IllegalStateException("upstream broke"));
                } else {
                    source.close();
                }
                assertThat(closes.poll(5, TimeUnit.SECONDS)).isEqualTo(fails ? "1011" : "1000");
            }

            MessagePublisher refused = new MessagePublisher();
            Collector collector = new Collector();
            refused.subscribe(collector);
            client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/fail"), refused).get(5, TimeUnit.SECONDS);
            collector.subscription.request(1);
            assertThat(collector.done).failsWithin(5, TimeUnit.SECONDS).withThrowableThat()
                    .havingCause().isInstanceOf(WebSocketClosedException.class).withMessageContaining("4001");
        }
    }
}
