package dev.weft.client;

import dev.weft.WebSocket;
import dev.weft.WebSocketConnectException;
import dev.weft.WebSocketListener;
import dev.weft.server.Endpoint;
import dev.weft.server.HandshakeInterceptor;
import dev.weft.server.UpgradeDecision;
import dev.weft.server.WebSocketServer;
import dev.weft.testing.Inbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ws's followRedirects and maxRedirects: which redirects are followed, where, with what, and where it stops. */
class RedirectsTest {
    private WebSocketServer server;
    private final WebSocketClient client = WebSocketClient.create();
    /** What each path's handshake carried: "auth=... cookie=...". */
    private final Map<String, String> seen = new ConcurrentHashMap<>();

    /** Redirects by path: /moved → 301 absolute ws URI, /found → 302 http URI, /see → 303 relative, /temp → 307 to another host name, /loop-a ↔ /loop-b. */
    @BeforeEach
    void start() throws Exception {
        server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .fallbackEndpoint(Endpoint.of(new WebSocketListener() {
                    @Override
                    public void onText(WebSocket ws, String text) {
                        ws.sendText(ws.path());
                    }
                }).withInterceptor(HandshakeInterceptor.of(request -> {
                    String path = request.path();
                    seen.put(path, "auth=" + request.headers().first("Authorization") + " cookie="
                            + request.headers().first("Cookie"));
                    int port = server.port();
                    return switch (path) {
                        case "/moved" -> redirect(301, "ws://127.0.0.1:" + port + "/found");
                        case "/found" -> redirect(302, "http://127.0.0.1:" + port + "/see");
                        case "/see" -> redirect(303, "here?x=1");
                        case "/temp" -> redirect(307, "ws://localhost:" + port + "/perm");
                        case "/perm" -> redirect(308, "/here");
                        case "/loop-a" -> redirect(302, "/loop-b");
                        case "/loop-b" -> redirect(302, "/loop-a");
                        case "/nowhere" -> UpgradeDecision.reject(302);
                        case "/ftp" -> redirect(302, "ftp://127.0.0.1/file");
                        default -> UpgradeDecision.accept();
                    };
                })))
                .build().start();
    }

    private static UpgradeDecision redirect(int status, String location) {
        return UpgradeDecision.reject(status).withHeader("Location", location);
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(Duration.ofMillis(500));
    }

    private URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + server.port() + path);
    }

    private static ConnectOptions.Builder following() {
        return ConnectOptions.builder().followRedirects(true).header("Authorization", "Bearer t").cookie("sid", "42");
    }

    @Test
    void redirectsAreFollowedThroughEveryStatusWithHttpAndRelativeLocations() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(uri("/moved"), following().build(), inbox).get(5, TimeUnit.SECONDS);
        ws.sendText("where?");
        assertThat(inbox.nextMessage()).isEqualTo("/here");
        assertThat(ws.query()).as("the relative location's query came along").isEqualTo("x=1");
        assertThat(seen).containsKeys("/moved", "/found", "/see", "/here");
        assertThat(seen.get("/here")).as("same host: credentials go along").isEqualTo("auth=Bearer t cookie=sid=42");
    }

    @Test
    void credentialsStayBehindWhenARedirectLeavesTheHost() throws Exception {
        Inbox inbox = new Inbox();
        WebSocket ws = client.connect(uri("/temp"), following().build(), inbox).get(5, TimeUnit.SECONDS);
        ws.sendText("where?");
        assertThat(inbox.nextMessage()).isEqualTo("/here");
        assertThat(seen.get("/temp")).isEqualTo("auth=Bearer t cookie=sid=42");
        assertThat(seen.get("/perm")).as("localhost is another host than 127.0.0.1").isEqualTo("auth=null cookie=null");
        assertThat(seen.get("/here")).as("and they do not come back").isEqualTo("auth=null cookie=null");
    }

    @Test
    void offByDefaultARedirectIsARefusal() {
        assertThatThrownBy(() -> client.connect(uri("/moved"), new Inbox()).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(WebSocketConnectException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.HANDSHAKE);
                    assertThat(e.status()).isEqualTo(301);
                });
    }

    @Test
    void aLoopTheLimitAndABadLocationEndInRedirectWithTheChain() {
        assertThatThrownBy(() -> client.connect(uri("/loop-a"), following().build(), new Inbox()).get(5, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(WebSocketConnectException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.REDIRECT);
                    assertThat(e.redirects()).containsExactly(uri("/loop-b"), uri("/loop-a"));
                    assertThat(e.getMessage()).contains("loop");
                });
        assertThatThrownBy(() -> client.connect(uri("/moved"), following().maxRedirects(2).build(), new Inbox())
                .get(5, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(WebSocketConnectException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.REDIRECT);
                    assertThat(e.redirects()).containsExactly(uri("/found"), uri("/see"), uri("/here?x=1"));
                    assertThat(e.getMessage()).contains("more than 2 redirects");
                });
        assertThatThrownBy(() -> client.connect(uri("/ftp"), following().build(), new Inbox()).get(5, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(WebSocketConnectException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WebSocketConnectException.Reason.REDIRECT);
                    assertThat(e.getMessage()).contains("ftp://127.0.0.1/file");
                });
        assertThatThrownBy(() -> client.connect(uri("/nowhere"), following().build(), new Inbox()).get(5, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(WebSocketConnectException.class, e -> {
                    assertThat(e.reason()).as("a 302 without Location is a refusal").isEqualTo(WebSocketConnectException.Reason.HANDSHAKE);
                    assertThat(e.status()).isEqualTo(302);
                });
    }
}
