package dev.weft.benchmarks.load;

import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketListener;
import dev.weft.client.ConnectOptions;
import dev.weft.client.WebSocketClient;
import dev.weft.protocol.deflate.PerMessageDeflate;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** The load generator's client side: weft's client on one event loop, and many connections opened at once. */
final class Connections {
    /** Connects in flight at once: enough to be quick, few enough not to overflow a listen backlog. */
    private static final int PARALLEL_CONNECTS = 200;

    private Connections() {
    }

    /** A client on one event loop (the generator runs on one core), taking messages up to 64 MiB. */
    static WebSocketClient client() {
        return WebSocketClient.create(WebSocketConfig.builder().maxMessageSize(64 << 20).build(), 1);
    }

    /** Connect options offering permessage-deflate (compressing every message) or no extension at all. */
    static ConnectOptions options(boolean deflate) {
        return deflate
                ? ConnectOptions.builder().extensions(PerMessageDeflate.builder().threshold(0).build()).build()
                : ConnectOptions.builder().extensions().build();
    }

    /** Opens {@code count} connections to {@code uri}, a bounded number at a time; fails if any fails. */
    static WebSocket[] open(WebSocketClient client, URI uri, ConnectOptions options, WebSocketListener listener,
                            int count) throws Exception {
        WebSocket[] sockets = new WebSocket[count];
        Semaphore permits = new Semaphore(PARALLEL_CONNECTS);
        CompletableFuture<?>[] all = new CompletableFuture<?>[count];
        for (int i = 0; i < count; i++) {
            permits.acquire();
            int at = i;
            all[i] = client.connect(uri, options, listener).whenComplete((ws, failure) -> {
                sockets[at] = ws;
                permits.release();
            });
        }
        CompletableFuture.allOf(all).get(120, TimeUnit.SECONDS);
        return sockets;
    }

    /** Drops every connection at once (the measurement is over; closing handshakes would only add noise). */
    static void terminate(WebSocket[] sockets) {
        for (WebSocket ws : sockets) {
            if (ws != null) {
                ws.terminate();
            }
        }
    }
}
