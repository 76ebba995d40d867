package dev.weft.cli;

import dev.weft.MemoryBudgets;
import dev.weft.TlsConfig;
import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketListener;
import dev.weft.protocol.http.HttpFields;
import dev.weft.protocol.http.RequestHead;
import dev.weft.server.Endpoint;
import dev.weft.server.HttpResponse;
import dev.weft.server.WebSocketServer;
import dev.weft.sse.EventStream;
import dev.weft.sse.EventStreamEndpoint;
import dev.weft.sse.EventStreamListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code weft serve}: echoes text as text and binary as binary on every WebSocket path,
 * broadcasts each message on {@code /chat} to everyone on {@code /chat}, and serves a page at
 * {@code /} to try both from a browser.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run a WebSocket server: echo on every path, /chat broadcasts, /events streams /chat as server-sent events, a test page at /.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks one).")
    int port;

    @Option(names = "--max-message", defaultValue = "16777216", description = "Largest message accepted, in bytes (default: ${DEFAULT-VALUE}).")
    int maxMessage;

    @Option(names = "--loops", defaultValue = "0", description = "Event-loop threads (default: one per core).")
    int loops;

    @Option(names = "--tls-port", description = "Also serve wss:// on this port (needs --cert and --key; 0 picks one).")
    Integer tlsPort;

    @Option(names = "--cert", description = "PEM certificate chain for wss:// (see weft cert).")
    Path cert;

    @Option(names = "--key", description = "PEM private key (PKCS#8) for wss://.")
    Path key;

    @Option(names = "--deflate", description = "Accept permessage-deflate (compression) from clients that offer it.")
    boolean deflate;

    @Option(names = "--deflate-window", paramLabel = "BITS", description = "With --deflate: the window both sides "
            + "compress with, 8 to 15 (default: 15). Smaller keeps less per connection (at 10, about 1 KiB and no "
            + "zlib state) for some ratio and speed; clients that cannot be held to it get no compression.")
    Integer deflateWindow;

    @Option(names = "--subprotocol", paramLabel = "NAME", description = "A subprotocol the endpoints speak, chosen "
            + "when a client offers it (repeatable; default: none).")
    List<String> subprotocols = new ArrayList<>();

    @Option(names = "--legacy-drafts", description = "Also accept the pre-RFC drafts old browsers spoke (hixie-75/76), text only.")
    boolean legacyDrafts;

    @Option(names = "--inbound-budget", converter = ByteSize.class, paramLabel = "BYTES",
            description = "Bytes all connections may hold in messages not yet handled, e.g. 64m "
                    + "(default: the smaller of 256m and a quarter of the heap).")
    Long inboundBudget;

    @Option(names = "--outbound-budget", converter = ByteSize.class, paramLabel = "BYTES",
            description = "Bytes all connections may hold in send queues, e.g. 64m "
                    + "(default: the smaller of 256m and a quarter of the heap).")
    Long outboundBudget;

    @Option(names = "--memory-wait", paramLabel = "SECONDS", description = "How long a connection may wait for "
            + "inbound memory before it is closed with 1013 (default: 30).")
    Integer memoryWaitSeconds;

    @Option(names = "--redis", paramLabel = "URI", description = "Share /chat with every weft serve on this "
            + "Redis (e.g. redis://127.0.0.1:6379): a message sent to one reaches the chat on all.")
    String redis;

    private final PrintStream out = System.out;
    private volatile WebSocketServer server;

    @Override
    public Integer call() throws IOException, InterruptedException, GeneralSecurityException {
        WebSocketConfig config = WebSocketConfig.builder().maxMessageSize(maxMessage).build();
        if (deflateWindow != null && (!deflate || deflateWindow < 8 || deflateWindow > 15)) {
            throw CliException.usage(deflate ? "--deflate-window " + deflateWindow + " is not a window: use 8 to 15 (bits)"
                    : "--deflate-window needs --deflate");
        }
        WebSocketServer.Builder builder = WebSocketServer.builder();
        if (deflate) {
            builder.extensions(deflateWindow == null ? PerMessageDeflate.defaults()
                    : PerMessageDeflate.builder().serverMaxWindowBits(deflateWindow).clientMaxWindowBits(deflateWindow).build());
        }
        checkPort("--port", port);
        if (tlsPort != null) {
            checkPort("--tls-port", tlsPort);
            if (cert == null || key == null) {
                throw CliException.usage("--tls-port needs --cert and --key (make a pair with: weft cert)");
            }
            builder.tlsPort(tlsPort).tls(tls());
        }
        if (redis != null) {
            builder.cluster(redisBus());
        }
        builder.host(host).port(port).loops(loops).config(config).legacyDrafts(legacyDrafts)
                .memoryBudgets(budgets())
                .fallbackEndpoint(endpoint(new EchoListener()))
                .endpoint("/chat", endpoint(new Chat()))
                .eventStream("/events", EventStreamEndpoint.of(new EventStreamListener() {
                    @Override
                    public void onOpen(EventStream stream) {
                        stream.subscribe("chat"); // the room's text messages, as events
                    }
                }))
                .httpHandler(this::http);
        try {
            server = builder.build().start();
        } catch (java.net.BindException e) {
            throw CliException.failure("cannot listen on " + host + ":" + (tlsPort != null && !"Address already in use"
                    .equals(e.getMessage()) ? port + " or " + tlsPort : port) + ": " + e.getMessage()
                    + " (pick another port with --port, or --port 0 for any free one)", e);
        } catch (java.nio.channels.UnresolvedAddressException e) {
            throw CliException.failure("cannot listen on --host " + host + ": no such host (try 127.0.0.1, or 0.0.0.0 "
                    + "for every interface)");
        }
        InetSocketAddress at = server.address();
        String where = (at.getAddress().isAnyLocalAddress() ? "localhost" : host) + ":" + server.port();
        out.println("weft serve: listening on ws://" + where + " (echo on every path, /chat broadcasts"
                + (redis == null ? "" : " to every server on " + redis) + ", /events streams /chat as server-sent events)");
        if (tlsPort != null) {
            out.println("weft serve: listening on wss://" + (at.getAddress().isAnyLocalAddress() ? "localhost" : host) + ":"
                    + server.tlsPort() + " (the same endpoints over TLS)");
        }
        out.println("weft serve: test page at http://" + where + "/   (Ctrl+C to stop)");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("weft serve: stopping");
            server.stop(Duration.ofSeconds(2));
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    private static void checkPort(String option, int value) {
        if (value < 0 || value > 65535) {
            throw CliException.usage(option + " " + value + " is not a port: use 1 to 65535, or 0 for any free one");
        }
    }

    /** The certificate and key, or one line saying why they cannot serve. */
    private TlsConfig tls() {
        try {
            return TlsConfig.fromPem(cert, key);
        } catch (java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException e) {
            throw CliException.failure(ErrorReporter.explain(e));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw CliException.failure("cannot use --cert " + cert + " with --key " + key + ": " + ErrorReporter.explain(e)
                    + " (--cert takes the PEM certificate chain, --key the PEM private key; weft cert makes a pair)", e);
        }
    }

    private MemoryBudgets budgets() {
        MemoryBudgets.Builder b = MemoryBudgets.builder();
        if (inboundBudget != null) {
            b.inbound(inboundBudget);
        }
        if (outboundBudget != null) {
            b.outbound(outboundBudget);
        }
        if (memoryWaitSeconds != null) {
            b.waitTimeout(Duration.ofSeconds(memoryWaitSeconds));
        }
        return b.build();
    }

    private HttpResponse http(RequestHead request, InetSocketAddress remote) {
        if (!request.method().equals("GET")) {
            return null;
        }
        if (request.path().equals("/") || request.path().equals("/index.html")) {
            return new HttpResponse(200, HttpFields.builder().add("Content-Type", "text/html; charset=utf-8")
                    .add("Cache-Control", "no-store").build(), page(server.tlsAddress() == null ? 0 : server.tlsPort()));
        }
        if (request.path().equals("/selftest-result")) {
            // The page's self-test (index.html?selftest) reports here, so a headless browser run can be checked.
            out.println("weft serve: page selftest " + request.query());
            out.flush();
            return HttpResponse.of(200, "text/plain; charset=utf-8", "recorded\n");
        }
        return null;
    }

    /** The test page, told this server's wss:// port (if any) so its ws/wss switch can reach it. */
    private static byte[] page(int tlsPort) {
        try (InputStream in = ServeCommand.class.getResourceAsStream("index.html")) {
            if (in == null) {
                throw new IllegalStateException("index.html missing from the jar");
            }
            String html = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return html.replace("{{TLS_PORT}}", tlsPort > 0 ? Integer.toString(tlsPort) : "")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An endpoint for {@code listener}, logged, speaking the subprotocols asked for. */
    private Endpoint endpoint(WebSocketListener listener) {
        return Endpoint.of(logged(listener)).withSubprotocols(subprotocols.toArray(new String[0]));
    }

    /** Prints a line as each connection opens and closes. */
    private WebSocketListener logged(WebSocketListener inner) {
        return new LoggingListener(inner, out);
    }

    private dev.weft.topic.ClusterBus redisBus() {
        try {
            return dev.weft.cluster.redis.RedisClusterBus.builder(redis).build();
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--redis " + redis + ": " + e.getMessage() + " (e.g. redis://127.0.0.1:6379)");
        }
    }

    /**
     * A chat room: every connection on /chat subscribes to the topic "chat", and every message
     * is published there, so it reaches everyone in the room (with --redis, on every server).
     */
    private final class Chat implements WebSocketListener {
        @Override
        public void onOpen(WebSocket ws) {
            ws.subscribe("chat");
        }

        @Override
        public void onText(WebSocket ws, String text) {
            server.publish("chat", text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            server.publish("chat", data);
        }
    }
}
