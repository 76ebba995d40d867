package dev.weft.interop;

import dev.weft.testing.PeerProcess;
import dev.weft.testing.NeedsPeers;
import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.server.Endpoint;
import dev.weft.server.HandshakeRequest;
import dev.weft.server.HandshakeInterceptor;
import dev.weft.server.UpgradeDecision;
import dev.weft.server.WebSocketServer;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The weft command's client modes, run as a user runs them: the jar, as a process. */
class CliTest {
    private static final Path CLI_JAR = Path.of(System.getProperty("user.dir")).resolveSibling("weft-cli")
            .resolve("target").resolve("weft.jar");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void autobahnClientFollowsTheTestSuiteConvention() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        WebSocketListener fuzzer = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws) {
                String target = ws.handshakeRequest().target();
                seen.add(target);
                if (target.startsWith("/getCaseCount")) {
                    ws.sendText("3");
                    ws.close();
                } else if (target.startsWith("/runCase")) {
                    ws.sendText("case " + target);
                    ws.sendBinary(new byte[] {1, 2, 3});
                } else {
                    ws.close();
                }
            }

            @Override
            public void onText(WebSocket ws, String text) {
                seen.add("echo " + text);
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                seen.add("echo binary " + data.remaining());
                ws.close();
            }
        };
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .fallbackEndpoint(Endpoint.of(fuzzer)).build().start();
             PeerProcess cli = PeerProcess.start(JAVA, "-jar", CLI_JAR.toString(), "autobahn-client",
                     "--url", "ws://127.0.0.1:" + server.port(), "--agent", "weft test")) {
            assertThat(cli.await(60)).as(cli.output()).isZero();
            assertThat(seen).containsSubsequence("/getCaseCount",
                    "/runCase?case=1&agent=weft+test", "echo case /runCase?case=1&agent=weft+test", "echo binary 3",
                    "/runCase?case=3&agent=weft+test", "echo case /runCase?case=3&agent=weft+test", "echo binary 3",
                    "/updateReports?agent=weft+test");
            assertThat(cli.output()).contains("autobahn-client: 3 cases", "autobahn-client: done");
        }
    }

    @Test
    void connectSendsLinesAndRunsCommands() throws Exception {
        List<String> origins = new CopyOnWriteArrayList<>();
        HandshakeInterceptor recordOrigin = HandshakeInterceptor.of((HandshakeRequest r) -> {
            origins.add(r.origin() + " " + r.headers().first("X-Test"));
            return UpgradeDecision.accept();
        });
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                     .fallbackEndpoint(Endpoint.of(new WebSocketListener() {
                         @Override
                         public void onText(WebSocket ws, String text) {
                             ws.sendText(text);
                         }
                     }).withInterceptor(recordOrigin)).build().start()) {
            String out = connect(List.of("ws://127.0.0.1:" + server.port() + "/", "--origin", "http://cli.test",
                    "-H", "X-Test: yes"), "hello\n/ping abc\n", "/close 4000 bye\n");
            assertThat(out).contains("< hello", "< pong abc", "disconnected (code 4000");
            assertThat(origins).containsExactly("http://cli.test yes");
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    @NeedsPeers("tinyproxy")
    void connectGoesThroughAnHttpProxyWithCredentials() throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                     .fallbackEndpoint(Endpoint.of(dev.weft.testing.Listeners.ECHO)).build().start();
             TinyProxy proxy = TinyProxy.start("cli:pw", 0)) {
            String out = connect(List.of("ws://127.0.0.1:" + server.port() + "/", "--proxy",
                    "http://cli:pw@127.0.0.1:" + proxy.port()), "proxied hello\n", "/close\n");
            assertThat(out).contains("< proxied hello", "disconnected (code 1000");
            assertThat(proxy.log()).contains("CONNECT 127.0.0.1:" + server.port());
        }
    }

    @Test
    @NeedsPeers("microsocks")
    void connectGoesThroughASocks5ProxyWithCredentials() throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                     .fallbackEndpoint(Endpoint.of(dev.weft.testing.Listeners.ECHO)).build().start();
             dev.weft.testing.Microsocks socks = dev.weft.testing.Microsocks.start("cli:pw")) {
            String out = connect(List.of("ws://localhost:" + server.port() + "/", "--proxy",
                    "socks5://cli:pw@127.0.0.1:" + socks.port()), "socks hello\n", "/close\n");
            assertThat(out).contains("< socks hello", "disconnected (code 1000");
        }
    }

    @Test
    void connectFollowsRedirectsWhenAskedTo() throws Exception {
        try (WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
                .fallbackEndpoint(Endpoint.of(dev.weft.testing.Listeners.ECHO).withInterceptor(
                        dev.weft.server.HandshakeInterceptor.of(r -> r.path().equals("/old")
                                ? dev.weft.server.UpgradeDecision.reject(301).withHeader("Location", "/new")
                                : dev.weft.server.UpgradeDecision.accept())))
                .build().start()) {
            String out = connect(List.of("ws://127.0.0.1:" + server.port() + "/old", "--follow-redirects"),
                    "moved along\n", "/close\n");
            assertThat(out).contains("< moved along", "disconnected (code 1000");
        }
    }

    @Test
    void serveEchoesAndBroadcastsOnChat() throws Exception {
        try (PeerProcess serve = PeerProcess.start(JAVA, "-jar", CLI_JAR.toString(), "serve", "--port", "0");
             dev.weft.client.WebSocketClient client = dev.weft.client.WebSocketClient.create()) {
            String base = baseOf(serve);
            List<String> a = new CopyOnWriteArrayList<>();
            List<String> b = new CopyOnWriteArrayList<>();
            List<String> echo = new CopyOnWriteArrayList<>();
            WebSocket alice = client.connect(java.net.URI.create(base + "/chat"), recorder(a)).get(10, java.util.concurrent.TimeUnit.SECONDS);
            client.connect(java.net.URI.create(base + "/chat"), recorder(b)).get(10, java.util.concurrent.TimeUnit.SECONDS);
            WebSocket other = client.connect(java.net.URI.create(base + "/anything"), recorder(echo)).get(10, java.util.concurrent.TimeUnit.SECONDS);
            serve.awaitLine(l -> l.startsWith("open  /anything"), 10);
            alice.sendText("hello room");
            other.sendText("just me");
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while ((a.isEmpty() || b.isEmpty() || echo.isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(a).containsExactly("hello room");
            assertThat(b).containsExactly("hello room");
            assertThat(echo).containsExactly("just me");
        }
    }

    /**
     * A client that sends megabytes to {@code weft serve}'s echo without reading is slowed, not
     * refused: the echo stops reading it while its echoes are past the high watermark (weft reads
     * on by itself, so an echo that did not would queue 32 MiB and then close with 1013), and once
     * the client reads, every echo arrives.
     */
    @Test
    void serveSlowsAnEchoClientThatDoesNotReadInsteadOfClosingIt() throws Exception {
        try (PeerProcess serve = PeerProcess.start(JAVA, "-jar", CLI_JAR.toString(), "serve", "--port", "0");
             dev.weft.client.WebSocketClient client = dev.weft.client.WebSocketClient.create()) {
            String base = baseOf(serve);
            java.util.concurrent.LinkedBlockingQueue<Object> got = new java.util.concurrent.LinkedBlockingQueue<>();
            WebSocket ws = client.connect(java.net.URI.create(base + "/echo"), new WebSocketListener() {
                @Override
                public void onBinary(WebSocket socket, ByteBuffer data) {
                    got.add(data);
                }

                @Override
                public void onClose(WebSocket socket, int code, String reason, boolean clean) {
                    got.add("close " + code);
                }
            }).get(10, java.util.concurrent.TimeUnit.SECONDS);
            ws.pauseReading();
            java.util.Random random = new java.util.Random(5);
            List<byte[]> sent = new java.util.ArrayList<>();
            long stalledSince = 0;
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            // Send while this side can, until 48 MiB are out or the echo has stopped taking them for a second.
            while (sent.size() < 48 && System.nanoTime() < deadline) {
                if (!ws.isWritable()) {
                    if (stalledSince == 0) {
                        stalledSince = System.nanoTime();
                    } else if (System.nanoTime() - stalledSince > java.util.concurrent.TimeUnit.SECONDS.toNanos(1)) {
                        break;
                    }
                    Thread.sleep(5);
                    continue;
                }
                stalledSince = 0;
                byte[] message = new byte[1 << 20];
                random.nextBytes(message);
                sent.add(message);
                ws.sendBinary(message);
            }
            assertThat(sent.size()).as("the echo stopped taking messages well before its 32 MiB cap").isLessThan(48);
            assertThat(got).as("nothing read yet, and no close").isEmpty();
            ws.resumeReading();
            for (int i = 0; i < sent.size(); i++) {
                Object echo = got.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(echo).as("echo %d", i).isInstanceOf(ByteBuffer.class);
                ByteBuffer b = (ByteBuffer) echo;
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                assertThat(bytes).as("echo %d", i).isEqualTo(sent.get(i));
            }
            ws.close(1000, "done");
        }
    }

    @Test
    @NeedsPeers("redis-server, node with npm eventsource")
    void twoServesOnOneRedisShareTheChat() throws Exception {
        try (dev.weft.testing.RedisProcess redis = dev.weft.testing.RedisProcess.start();
             PeerProcess one = PeerProcess.start(JAVA, "-jar", CLI_JAR.toString(), "serve", "--port", "0", "--redis", redis.uri());
             PeerProcess two = PeerProcess.start(JAVA, "-jar", CLI_JAR.toString(), "serve", "--port", "0", "--redis", redis.uri());
             dev.weft.client.WebSocketClient client = dev.weft.client.WebSocketClient.create()) {
            List<String> a = new CopyOnWriteArrayList<>();
            List<String> b = new CopyOnWriteArrayList<>();
            WebSocket alice = client.connect(java.net.URI.create(chatOf(one)), recorder(a)).get(10, java.util.concurrent.TimeUnit.SECONDS);
            String chatOnTwo = chatOf(two);
            client.connect(java.net.URI.create(chatOnTwo), recorder(b)).get(10, java.util.concurrent.TimeUnit.SECONDS);
            // The second server subscribes to the room on Redis as bob joins; until then, what
            // alice says stays on the first server.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
                alice.sendText("anyone?");
                Thread.sleep(100);
                return b.contains("anyone?");
            });
            // An EventSource on the second server's /events reads the same room.
            String events = chatOnTwo.replace("ws://", "http://").replace("/chat", "/events");
            try (PeerProcess reader = PeerProcess.start("node", "sse_client.js", events, "1")) {
                reader.awaitLine("open"::equals, 20);
                alice.sendText("hello room");
                assertThat(reader.await(20)).as("sse_client.js output:%n%s", reader.output()).isZero();
                assertThat(reader.output()).contains("event message  \"hello room\"");
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> a.contains("hello room") && b.contains("hello room"));
            Thread.sleep(200);
            assertThat(a.stream().filter("hello room"::equals)).as("alice, on the first server").hasSize(1);
            assertThat(b.stream().filter("hello room"::equals)).as("bob, on the second").hasSize(1);
            assertThat(one.output()).contains("to every server on " + redis.uri());
        }
    }

    /** The ws:// URL of /chat on a weft serve that printed where it listens. */
    private static String chatOf(PeerProcess serve) throws InterruptedException {
        return baseOf(serve) + "/chat";
    }

    /** The ws://host:port a weft serve printed it listens on. */
    private static String baseOf(PeerProcess serve) throws InterruptedException {
        String line = serve.awaitLine(l -> l.startsWith("weft serve: listening on ws://"), 30);
        return "ws://" + line.substring("weft serve: listening on ws://".length()).split(" ")[0];
    }

    private static WebSocketListener recorder(List<String> into) {
        return new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                into.add(text);
            }
        };
    }

    /** {@code --deflate-window 10} holds both sides to 10-bit windows: weft connect shows what was agreed, and echoes come back whole. */
    @Test
    void serveWithASmallDeflateWindowAgreesItWithTheClient() throws Exception {
        try (PeerProcess serve = PeerProcess.start(JAVA, "-jar", CLI_JAR.toString(), "serve", "--port", "0", "--deflate",
                "--deflate-window", "10")) {
            String line = serve.awaitLine(l -> l.startsWith("weft serve: listening on ws://"), 30);
            String hostPort = line.substring("weft serve: listening on ws://".length()).split(" ")[0];
            String text = "a compressible line, said again and again; ".repeat(100);
            String out = connect(List.of("ws://" + hostPort + "/echo"), text + "\n", "/close\n");
            assertThat(out).contains("(extensions permessage-deflate; server_max_window_bits=10; client_max_window_bits=10)",
                    "< " + text, "disconnected (code 1000");
        }
    }

    @Test
    void certServeAndConnectOverWssWithTheGeneratedCertificate() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("weft-cert");
        Process cert = new ProcessBuilder(JAVA, "-jar", CLI_JAR.toString(), "cert", "--out", dir.toString())
                .redirectErrorStream(true).start();
        String certOut = new String(cert.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cert.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(cert.exitValue()).as(certOut).isZero();
        assertThat(certOut).contains("chromium flag: --ignore-certificate-errors-spki-list=");
        try (PeerProcess serve = PeerProcess.start(JAVA, "-jar", CLI_JAR.toString(), "serve", "--port", "0", "--tls-port", "0",
                "--cert", dir.resolve("weft.pem").toString(), "--key", dir.resolve("weft.key.pem").toString(), "--deflate")) {
            String line = serve.awaitLine(l -> l.startsWith("weft serve: listening on wss://"), 30);
            String port = line.substring("weft serve: listening on wss://".length()).split(" ")[0].split(":")[1];
            for (String[] flags : new String[][] {{"--ca", dir.resolve("weft.pem").toString()}, {"--insecure", "--no-deflate"}}) {
                java.util.List<String> args = new java.util.ArrayList<>(List.of("wss://localhost:" + port + "/echo"));
                args.addAll(List.of(flags));
                String out = connect(args, "over tls\n", "/close\n");
                assertThat(out).contains("< over tls", "disconnected (code 1000");
                if (flags[0].equals("--ca")) {
                    assertThat(out).contains("(extensions permessage-deflate)");
                } else {
                    assertThat(out).contains("--insecure").doesNotContain("(extensions");
                }
            }
            // Without --ca or --insecure the self-signed certificate is refused.
            Process refused = new ProcessBuilder(JAVA, "-jar", CLI_JAR.toString(), "connect", "wss://localhost:" + port + "/echo")
                    .redirectErrorStream(true).start();
            refused.getOutputStream().close();
            assertThat(refused.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("[TLS]");
            assertThat(refused.exitValue()).isEqualTo(1);
        }
    }

    /**
     * Runs {@code weft connect ARGS}, types {@code first}, waits for the answers, types
     * {@code last}, and returns everything printed, asserting a zero exit.
     */
    private static String connect(List<String> args, String first, String last) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(JAVA, "-jar", CLI_JAR.toString(), "connect"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write(first.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            Thread.sleep(1500);
            stdin.write(last.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
