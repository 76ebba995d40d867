package dev.weft.cluster.redis;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.server.WebSocketServer;

import java.time.Duration;

/**
 * One weft server of a test cluster, run in a JVM of its own (the tests kill it, and kill Redis
 * under it). Prints {@code port N} once listening.
 *
 * <ul>
 *   <li>{@code /sub/A,B}: the connection subscribes to topics A and B.
 *   <li>{@code /pub}: each text {@code "TOPIC PAYLOAD"} is published to TOPIC; a publish that
 *       fails is answered {@code "failed PAYLOAD ExceptionClass/CauseClass"}.
 *   <li>{@code /probe}: each text {@code "TOPIC PAYLOAD"} is published to TOPIC and answered
 *       {@code "ok"} once Redis took it, or {@code "failed"}.
 *   <li>{@code /health}: any text is answered {@code "threads=N heap=BYTES"} after a GC.
 * </ul>
 *
 * <p>Usage: {@code ClusterNode REDIS_URI COMMAND_TIMEOUT_MILLIS}
 */
public final class ClusterNode {
    private ClusterNode() {
    }

    public static void main(String[] args) throws Exception {
        RedisClusterBus bus = RedisClusterBus.builder(args[0])
                .commandTimeout(Duration.ofMillis(Long.parseLong(args[1]))).build();
        WebSocketServer[] self = new WebSocketServer[1];
        WebSocketServer server = self[0] = WebSocketServer.builder().host("127.0.0.1").port(0).loops(2).cluster(bus)
                .endpoint("/sub/{topics}", new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        for (String t : ws.pathParameters().get("topics").split(",")) {
                            ws.subscribe(t);
                        }
                        ws.sendText("subscribed");
                    }
                })
                .endpoint("/pub", new WebSocketListener() {
                    @Override
                    public void onText(WebSocket ws, String text) {
                        int space = text.indexOf(' ');
                        String payload = text.substring(space + 1);
                        self[0].publish(text.substring(0, space), payload).whenComplete((r, failure) -> {
                            if (failure != null) {
                                Throwable cause = failure.getCause();
                                ws.sendText("failed " + payload + " " + failure.getClass().getSimpleName() + "/"
                                        + (cause == null ? "-" : cause.getClass().getSimpleName()));
                            }
                        });
                    }
                })
                .endpoint("/probe", new WebSocketListener() {
                    @Override
                    public void onText(WebSocket ws, String text) {
                        int space = text.indexOf(' ');
                        self[0].publish(text.substring(0, space), text.substring(space + 1))
                                .whenComplete((r, failure) -> ws.sendText(failure == null ? "ok" : "failed"));
                    }
                })
                .endpoint("/health", new WebSocketListener() {
                    @Override
                    public void onText(WebSocket ws, String text) {
                        System.gc();
                        long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
                        ws.sendText("threads=" + Thread.activeCount() + " heap=" + heap);
                    }
                })
                .build().start();
        System.out.println("port " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
