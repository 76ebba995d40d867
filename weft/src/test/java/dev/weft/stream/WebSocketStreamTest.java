package dev.weft.stream;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.ConnectOptions;
import dev.weft.client.WebSocketClient;
import dev.weft.server.Endpoint;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Listeners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connections as blocking byte streams, on both sides, with backpressure and close semantics. */
@Timeout(60) // blocking reads: a broken stream must fail the test, not hang the build
class WebSocketStreamTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final WebSocketClient client = WebSocketClient.create();
    private WebSocketServer server;

    @AfterEach
    void stop() {
        client.close();
        if (server != null) {
            server.close();
        }
        threads.shutdownNow();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private URI serve(WebSocketListener listener) throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(0).fallbackEndpoint(Endpoint.of(listener)).build().start();
        return URI.create("ws://127.0.0.1:" + server.port() + "/");
    }

    private WebSocketStream connect(URI uri, WebSocketStream stream) throws Exception {
        client.connect(uri, ConnectOptions.builder().extensions().build(), stream).get(10, TimeUnit.SECONDS);
        return stream;
    }

    /** Writes {@code data} in pieces on another thread, flushing at the end. */
    private CompletableFuture<Void> writeInPieces(OutputStream out, byte[] data, int piece) {
        return CompletableFuture.runAsync(() -> {
            try {
                for (int at = 0; at < data.length; at += piece) {
                    out.write(data, at, Math.min(piece, data.length - at));
                }
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, threads);
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] got = in.readNBytes(n);
        assertThat(got).hasSize(n);
        return got;
    }

    @Test
    void aClientStreamWritesAndReadsMegabytesThroughAnEchoServer() throws Exception {
        WebSocketStream stream = connect(serve(Listeners.ECHO), WebSocketStream.create());
        byte[] data = random(4 << 20, 1);
        CompletableFuture<Void> written = writeInPieces(stream.output(), data, 1000);
        assertThat(readExactly(stream.input(), data.length)).isEqualTo(data);
        written.get(10, TimeUnit.SECONDS);
        stream.close();
        assertThat(stream.input().read()).isEqualTo(-1);
        assertThatThrownBy(() -> stream.output().write(1)).isInstanceOf(IOException.class);
    }

    @Test
    void withoutMessageAssemblyTheInputTakesEachPartAsItComes() throws Exception {
        URI uri = serve(Listeners.ECHO);
        try (WebSocketClient unassembled = WebSocketClient.create(
                dev.weft.WebSocketConfig.builder().assembleFragments(false).build())) {
            WebSocketStream stream = WebSocketStream.create(1 << 20, 100_000);
            unassembled.connect(uri, ConnectOptions.builder().extensions().build(), stream).get(10, TimeUnit.SECONDS);
            byte[] data = random(1 << 20, 5);
            CompletableFuture<Void> written = writeInPieces(stream.output(), data, 65_536);
            assertThat(readExactly(stream.input(), data.length)).isEqualTo(data);
            written.get(10, TimeUnit.SECONDS);
            stream.close();
        }
    }

    @Test
    void aServerStreamHandlerRunsPerConnectionOffTheLoop() throws Exception {
        URI uri = serve(WebSocketStream.serving(threads, s -> {
            byte[] buf = new byte[8192];
            int n;
            while ((n = s.input().read(buf)) > 0) {
                s.output().write(buf, 0, n);
                s.output().flush();
            }
        }));
        WebSocketStream a = connect(uri, WebSocketStream.create());
        WebSocketStream b = connect(uri, WebSocketStream.create());
        byte[] forA = random(300_000, 2);
        byte[] forB = random(300_000, 3);
        writeInPieces(a.output(), forA, 777);
        writeInPieces(b.output(), forB, 4096);
        assertThat(readExactly(b.input(), forB.length)).isEqualTo(forB);
        assertThat(readExactly(a.input(), forA.length)).isEqualTo(forA);
        a.close();
        b.close();
        assertThat(a.input().read()).isEqualTo(-1);
    }

    @Test
    void aSlowReaderHoldsTheInputToItsLimitAndAFastWriterWaitsInsteadOfFailing() throws Exception {
        byte[] data = random(24 << 20, 4);
        CompletableFuture<Void> serverWrote = new CompletableFuture<>();
        URI uri = serve(WebSocketStream.serving(threads, s -> {
            try {
                s.output().write(data);
                s.output().flush();
                serverWrote.complete(null);
            } catch (IOException e) {
                serverWrote.completeExceptionally(e);
                throw e;
            }
            s.input().read(); // wait for the client to close
        }));
        int limit = 256 * 1024;
        WebSocketStream stream = connect(uri, WebSocketStream.create(limit, 16 * 1024));
        Thread.sleep(1500);
        // Reading stopped near the limit: what arrived in the reads already under way, no more.
        assertThat(stream.input().available()).isBetween(limit, limit + 1024 * 1024);
        assertThat(serverWrote).as("the server's writer is held back, not failed").isNotDone();
        assertThat(readExactly(stream.input(), data.length)).isEqualTo(data);
        serverWrote.get(10, TimeUnit.SECONDS);
        stream.close();
    }

    @Test
    void theInputEndsOnANormalCloseAndFailsOnAnyOther() throws Exception {
        URI uri = serve(new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText("bye " + text);
                ws.close(text.equals("normal") ? 1000 : 4000, "told to");
            }
        });
        WebSocketStream normal = connect(uri, WebSocketStream.create());
        normal.socket().sendText("normal");
        assertThat(new String(normal.input().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("bye normal");

        WebSocketStream other = connect(uri, WebSocketStream.create());
        other.socket().sendText("other");
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[64];
        assertThatThrownBy(() -> {
            int n;
            while ((n = other.input().read(buf)) > 0) {
                got.write(buf, 0, n);
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("4000").hasMessageContaining("told to");
        assertThat(got.toString(java.nio.charset.StandardCharsets.UTF_8)).as("queued bytes come first").isEqualTo("bye other");
    }

    @Test
    void aStreamMustBeOpenBeforeUse() {
        WebSocketStream stream = WebSocketStream.create();
        assertThat(stream.socket()).isNull();
        assertThatThrownBy(() -> {
            stream.output().write(new byte[1]);
            stream.output().flush();
        }).isInstanceOf(IllegalStateException.class);
    }
}
