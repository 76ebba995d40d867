package dev.weft.interop;

import dev.weft.protocol.http.HttpFields;
import dev.weft.server.HttpResponse;
import dev.weft.server.WebSocketServer;
import dev.weft.sse.EventStream;
import dev.weft.sse.EventStreamEndpoint;
import dev.weft.sse.EventStreamListener;
import dev.weft.sse.ServerSentEvent;
import dev.weft.testing.NeedsPeers;
import dev.weft.testing.PeerProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * weft's event streams read by EventSource clients we did not write: Debian's Chromium (a page
 * the test serves) and npm {@code eventsource}. Both must reconnect on their own when the server
 * ends the stream, after the {@code retry:} delay weft sent, and hand back the last event id,
 * which the server resumes from; Chromium also enforces CORS for another origin.
 */
@NeedsPeers("Chromium, node with npm eventsource")
class EventSourceInteropTest {
    /**
     * Sends three "tick" events with ids, two lines of data each, resuming after Last-Event-ID;
     * the first stream is ended after its three, so the client has to reconnect.
     */
    static final class Resumable implements EventStreamListener {
        final BlockingQueue<String> lastIds = new LinkedBlockingQueue<>();

        @Override
        public void onOpen(EventStream stream) {
            String last = stream.lastEventId();
            lastIds.add(last == null ? "none" : last);
            int from = last == null ? 1 : Integer.parseInt(last) + 1;
            for (int id = from; id < from + 3; id++) {
                stream.send(ServerSentEvent.of("tick " + id + "\nsecond line").withEvent("tick").withId(String.valueOf(id)));
            }
            if (last == null) {
                stream.close();
            }
        }
    }

    private static WebSocketServer server(Resumable events, BlockingQueue<String> reports) throws IOException {
        byte[] page;
        try (InputStream in = EventSourceInteropTest.class.getResourceAsStream("/sse/page.html")) {
            page = in.readAllBytes();
        }
        return WebSocketServer.builder().host("127.0.0.1").port(0).loops(1)
                .eventStream("/events", EventStreamEndpoint.of(events).withRetry(Duration.ofMillis(100)))
                .eventStream("/cors-events", EventStreamEndpoint.of(new EventStreamListener() {
                    @Override
                    public void onOpen(EventStream stream) {
                        stream.send("hello from " + stream.request().fields().first("Host"));
                    }
                }).withAllowedOrigins("*"))
                .httpHandler((request, remote) -> {
                    if (request.path().equals("/report")) {
                        reports.add(URLDecoder.decode(request.query(), StandardCharsets.UTF_8));
                        return new HttpResponse(204, HttpFields.empty(), new byte[0]);
                    }
                    return request.path().equals("/")
                            ? new HttpResponse(200, HttpFields.builder().add("Content-Type", "text/html; charset=utf-8").build(), page)
                            : null;
                })
                .build().start();
    }

    @Test
    void npmEventSourceReconnectsWithLastEventIdAndReadsMultiLineData() throws Exception {
        Resumable events = new Resumable();
        try (WebSocketServer server = server(events, new LinkedBlockingQueue<>());
             PeerProcess client = PeerProcess.start("node", "sse_client.js", "http://127.0.0.1:" + server.port() + "/events", "6")) {
            assertThat(client.await(30)).as("sse_client.js output:%n%s", client.output()).isZero();
            List<String> lines = client.output().lines().filter(l -> l.startsWith("event ") || l.equals("open")).toList();
            assertThat(lines).containsExactly("open",
                    "event tick 1 \"tick 1\\nsecond line\"", "event tick 2 \"tick 2\\nsecond line\"",
                    "event tick 3 \"tick 3\\nsecond line\"", "open",
                    "event tick 4 \"tick 4\\nsecond line\"", "event tick 5 \"tick 5\\nsecond line\"",
                    "event tick 6 \"tick 6\\nsecond line\"");
            assertThat(events.lastIds).containsExactly("none", "3");
        }
    }

    @Test
    void chromiumsEventSourceReconnectsResumesAndHonoursCors() throws Exception {
        Resumable events = new Resumable();
        BlockingQueue<String> reports = new LinkedBlockingQueue<>();
        try (WebSocketServer server = server(events, reports);
             PeerProcess chromium = Chromium.open("http://127.0.0.1:" + server.port() + "/")) {
            String sameOrigin = reports.poll(60, TimeUnit.SECONDS);
            assertThat(sameOrigin).as("chromium output:%n%s", chromium.output()).isEqualTo("same-origin opens=2 "
                    + "1=tick 1\nsecond line|2=tick 2\nsecond line|3=tick 3\nsecond line|"
                    + "4=tick 4\nsecond line|5=tick 5\nsecond line|6=tick 6\nsecond line");
            assertThat(events.lastIds).containsExactly("none", "3");
            assertThat(reports.poll(30, TimeUnit.SECONDS)).isEqualTo("cross-origin allowed hello from localhost:" + server.port());
            assertThat(reports.poll(30, TimeUnit.SECONDS)).isEqualTo("cross-origin refused closed");
        }
    }
}
