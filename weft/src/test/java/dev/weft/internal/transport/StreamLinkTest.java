package dev.weft.internal.transport;

import dev.weft.MemoryBudgets;
import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketListener;
import dev.weft.protocol.Role;
import dev.weft.protocol.http.HttpFields;
import dev.weft.protocol.http.RequestHead;
import dev.weft.testing.Inbox;
import dev.weft.testing.ManualTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A WebSocket session over the second kind of link: a non-blocking stream with readiness
 * callbacks, as a servlet container gives an upgraded connection. The fake stream here says when
 * it has bytes and how many it can take, and records whether the link armed its callbacks and
 * which threads read and wrote. The test thread plays the container's callback thread.
 */
class StreamLinkTest {
    private final ManualTicker ticker = new ManualTicker();
    private final EventLoop loop = new EventLoop("stream-link-test", 0, ticker);
    private final FakeStream stream = new FakeStream();
    private StreamLink link;
    private WebSocketSession session;

    StreamLinkTest() {
        loop.start();
    }

    @AfterEach
    void stop() {
        loop.shutdown();
    }

    /** A stream the test feeds and drains; every call comes from the loop thread. */
    static final class FakeStream implements StreamLink.Stream {
        final ConcurrentLinkedQueue<byte[]> input = new ConcurrentLinkedQueue<>();
        volatile boolean ended;
        volatile boolean readArmed;
        volatile boolean writeArmed;
        /** How many more bytes the stream takes before it is not ready. */
        volatile int room = Integer.MAX_VALUE;
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        volatile boolean closed;
        volatile boolean outputShut;
        volatile Thread reader;
        volatile Thread writer;

        @Override
        public boolean isReadReady() {
            reader = Thread.currentThread();
            boolean ready = !input.isEmpty() || ended;
            readArmed = !ready;
            return ready;
        }

        @Override
        public int read(byte[] into) {
            byte[] next = input.poll();
            if (next == null) {
                return -1; // ended
            }
            System.arraycopy(next, 0, into, 0, next.length);
            return next.length;
        }

        @Override
        public boolean isWriteReady() {
            boolean ready = room > 0;
            writeArmed = !ready;
            return ready;
        }

        @Override
        public void write(ByteBuffer bytes) {
            writer = Thread.currentThread();
            int n = Math.min(room, bytes.remaining());
            synchronized (written) {
                for (int i = 0; i < n; i++) {
                    written.write(bytes.get());
                }
            }
            room -= n;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public void shutdownOutput() {
            outputShut = true;
        }




        byte[] output() {
            synchronized (written) {
                return written.toByteArray();
            }
        }
    }

    private <T> T onLoop(Supplier<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(work.get()));
        return f.get(5, TimeUnit.SECONDS);
    }

    private void open(WebSocketListener listener) throws Exception {
        open(listener, WebSocketConfig.defaults());
    }

    private void open(WebSocketListener listener, WebSocketConfig config) throws Exception {
        onLoop(() -> {
            link = new StreamLink(loop, stream, new StreamLink.Addresses(true, new InetSocketAddress("127.0.0.1", 8443),
                    new InetSocketAddress("127.0.0.1", 50000)));
            RequestHead request = new RequestHead("GET", "/chat", "HTTP/1.1", HttpFields.empty());
            session = new WebSocketSession(link, Role.SERVER, config, listener, null, List.of(),
                    List.of(), request, null, Map.of(), 0,
                    new SessionHome(new MemoryLedger(MemoryBudgets.defaults()), null, false, null));
            session.open();
            link.start(session);
            return null;
        });
        link.readable(); // the stream's first read callback, as a container makes it (nothing to read yet)
    }

    /** A client's text frame, masked with a zero key. */
    private static byte[] clientText(String text) {
        byte[] payload = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(payload, 0, frame, 6, payload.length);
        return frame;
    }

    @Test
    void messagesArePulledWhenTheStreamSaysSoAndEchoesWrittenToIt() throws Exception {
        open(new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText("echo: " + text);
            }
        });
        assertThat(stream.readArmed).as("nothing yet: the link waits for the stream's call").isTrue();
        stream.input.add(clientText("hello"));
        link.readable();
        await().until(() -> stream.output().length == 13);
        assertThat(stream.output()).startsWith(0x81, 11).endsWith("echo: hello".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(stream.reader).as("read in the stream's own callback").isSameAs(Thread.currentThread());
        assertThat(stream.writer).as("written on the loop").isSameAs(loopThread());
        assertThat(session.isSecure()).isTrue();
        assertThat(session.remoteAddress().getPort()).isEqualTo(50000);
    }

    /**
     * What a connection needs only now and then (the handshake until onOpen returns, pings
     * waiting for their pong) is made when needed and let go after: an idle one holds none of it.
     */
    @Test
    void anIdleSessionHoldsNoneOfWhatItNeedsOnlyNowAndThen() throws Exception {
        CompletableFuture<String> targetInOpen = new CompletableFuture<>();
        open(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                targetInOpen.complete(ws.handshakeRequest().target());
            }
        });
        assertThat(targetInOpen.get(5, TimeUnit.SECONDS)).isEqualTo("/chat");
        await().until(() -> !onLoop(session::holdsExtras));
        assertThat(session.path()).as("the target outlives the request").isEqualTo("/chat");
        assertThatThrownBy(session::handshakeRequest).isInstanceOf(IllegalStateException.class);

        CompletableFuture<java.time.Duration> pong = session.pingAndAwaitPong(ByteBuffer.wrap(new byte[] {7}),
                java.time.Duration.ofSeconds(30));
        await().until(() -> onLoop(session::holdsExtras));
        stream.input.add(new byte[] {(byte) 0x8A, (byte) 0x81, 0, 0, 0, 0, 7}); // the pong, masked with a zero key
        link.readable();
        pong.get(5, TimeUnit.SECONDS);
        await().until(() -> !onLoop(session::holdsExtras));
    }

    @Test
    void aStreamThatCannotTakeMoreHoldsTheSendUntilItCallsBack() throws Exception {
        open(new Inbox());
        stream.room = 3;
        CompletableFuture<Void> sent = session.sendText("hello");
        await().until(() -> stream.writeArmed);
        assertThat(stream.output()).hasSize(3);
        assertThat(sent).isNotDone();
        assertThat(session.bufferedAmount()).isEqualTo(5);
        stream.room = Integer.MAX_VALUE;
        link.writable();
        sent.get(5, TimeUnit.SECONDS);
        assertThat(stream.output()).containsExactly(0x81, 5, 'h', 'e', 'l', 'l', 'o');
        await().until(() -> session.bufferedAmount() == 0);
    }

    /** A client's ping carrying one byte, masked with a zero key. */
    private static byte[] clientPing(int b) {
        return new byte[] {(byte) 0x89, (byte) 0x81, 0, 0, 0, 0, (byte) b};
    }

    /**
     * Pings from a peer that reads nothing: the first ones are answered at once, up to
     * {@code maxQueuedPongs} answers waiting; answers to the ones after are held, only the latest
     * kept, and that one follows once the waiting ones are out. Reading goes on throughout, so a
     * few queued pongs and one held is all such a peer costs.
     */
    @Test
    void pastTheQueuedPongsOnlyTheLatestPingIsAnsweredOnceTheQueuedOnesAreOut() throws Exception {
        Inbox inbox = new Inbox();
        open(inbox, WebSocketConfig.builder().maxQueuedPongs(2).build());
        inbox.expect("open");
        stream.room = 0; // the peer reads nothing
        for (int i = 1; i <= 100; i++) {
            stream.input.add(clientPing(i));
        }
        link.readable();
        for (int i = 1; i <= 100; i++) {
            inbox.expect("ping:" + java.util.HexFormat.of().toHexDigits((byte) i));
        }
        assertThat(stream.input).as("every ping read while the output waits").isEmpty();
        assertThat(onLoop(link::queuedBytes)).as("two answers queued, the latest held").isEqualTo(6L);
        stream.room = Integer.MAX_VALUE;
        link.writable();
        await().until(() -> stream.output().length == 9);
        assertThat(stream.output()).containsExactly(0x8A, 1, 1, 0x8A, 1, 2, 0x8A, 1, 100);
        await().until(() -> !onLoop(session::holdsExtras));
    }

    /**
     * Megabytes queued for a peer that is not reading them do not stop this side reading: two
     * peers that each stopped reading while their output waited would wait for each other for good.
     */
    @Test
    void readingGoesOnWhileOutputWaitsPastTheHighWatermark() throws Exception {
        Inbox inbox = new Inbox();
        open(inbox);
        inbox.expect("open");
        stream.room = 0;
        CompletableFuture<Void> sent = session.sendBinary(ByteBuffer.allocate(4 << 20));
        await().until(() -> onLoop(link::queuedBytes) > WebSocketConfig.defaults().highWatermark());
        assertThat(session.isWritable()).isFalse();
        stream.input.add(clientText("still heard"));
        link.readable();
        inbox.expect("text:still heard");
        assertThat(sent).isNotDone();
        stream.room = Integer.MAX_VALUE;
        link.writable();
        sent.get(5, TimeUnit.SECONDS);
    }

    @Test
    void pausedReadingLeavesTheStreamUnreadUntilResumed() throws Exception {
        Inbox inbox = new Inbox();
        open(inbox);
        inbox.expect("open");
        session.pauseReading();
        onLoop(() -> null); // the pause is in force
        stream.input.add(clientText("later"));
        link.readable();
        onLoop(() -> null);
        assertThat(stream.input).as("not read while paused").hasSize(1);
        session.resumeReading();
        inbox.expect("text:later");
    }

    @Test
    void theEndOfTheStreamClosesTheSessionAndTheStream() throws Exception {
        Inbox inbox = new Inbox();
        open(inbox);
        inbox.expect("open");
        stream.ended = true;
        link.readable();
        assertThat(inbox.awaitClose()).isEqualTo("close:1006::unclean");
        assertThat(stream.closed).isTrue();
    }

    @Test
    void aCloseHandshakeEndsTheOutputDrainsThePeerAndClosesWhenThePeerEnds() throws Exception {
        Inbox inbox = new Inbox();
        open(inbox);
        inbox.expect("open");
        byte[] close = {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xe8};
        stream.input.add(close);
        link.readable();
        await().until(() -> stream.outputShut);
        assertThat(stream.output()).containsExactly(0x88, 2, 0x03, 0xe8);
        // Closing now, with the peer's bytes unread, would send a reset: the link drains first.
        assertThat(stream.closed).isFalse();
        stream.input.add(new byte[] {1, 2, 3, 4, 5});
        link.readable();
        assertThat(onLoop(() -> stream.input.isEmpty())).as("the peer's late bytes are read and dropped").isTrue();
        assertThat(stream.closed).isFalse();
        stream.ended = true;
        link.readable();
        await().until(() -> stream.closed);
        assertThat(inbox.awaitClose()).isEqualTo("close:1000::clean");
    }

    @Test
    void aPeerThatNeverEndsItsSideIsClosedAfterTheLingerTime() throws Exception {
        Inbox inbox = new Inbox();
        open(inbox);
        inbox.expect("open");
        stream.input.add(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xe8});
        link.readable();
        await().until(() -> stream.outputShut);
        ticker.advance(java.time.Duration.ofMillis(1_900));
        onLoop(() -> null); // two loop turns, each checking the timers, pass with the clock at 1.9 s
        onLoop(() -> null);
        assertThat(stream.closed).as("still draining before the linger time").isFalse();
        ticker.advance(java.time.Duration.ofMillis(200));
        await().until(() -> stream.closed);
        assertThat(inbox.awaitClose()).isEqualTo("close:1000::clean");
    }

    private Thread loopThread() throws Exception {
        return onLoop(Thread::currentThread);
    }
}
