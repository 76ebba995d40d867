package dev.weft.cli;

import dev.weft.ForwardingListener;
import dev.weft.WebSocket;
import dev.weft.WebSocketConfig;
import dev.weft.WebSocketListener;
import dev.weft.client.ConnectOptions;
import dev.weft.client.WebSocketClient;
import dev.weft.protocol.deflate.PerMessageDeflate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code weft autobahn-client}: drives weft's client through a fuzzing server in the Autobahn
 * TestSuite's convention: read the case count from {@code /getCaseCount}, open
 * {@code /runCase?case=N&agent=NAME} for each case and echo every message back, then ask for
 * {@code /updateReports?agent=NAME}.
 */
@Command(name = "autobahn-client", mixinStandardHelpOptions = true,
        description = "Run weft's client against an Autobahn-style fuzzing server.")
public final class AutobahnClientCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "ws://127.0.0.1:9001", description = "The fuzzing server (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--agent", defaultValue = "weft", description = "The agent name in reports (default: ${DEFAULT-VALUE}).")
    String agent;

    @Option(names = "--case-timeout", defaultValue = "60", description = "Seconds one case may take (default: ${DEFAULT-VALUE}).")
    int caseTimeout;

    @Option(names = "--deflate", description = "Offer permessage-deflate to the test server (off by default here).")
    boolean deflate;

    @Override
    public Integer call() throws Exception {
        WebSocketConfig config = WebSocketConfig.builder().maxMessageSize(64 * 1024 * 1024).build();
        try (WebSocketClient client = WebSocketClient.create(config)) {
            CompletableFuture<String> count = new CompletableFuture<>();
            try {
                client.connect(URI.create(url + "/getCaseCount"), ConnectOptions.builder().extensions().build(),
                        new WebSocketListener() {
                            @Override
                            public void onText(WebSocket ws, String text) {
                                count.complete(text.trim());
                            }
                        }).get(caseTimeout, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // Without the case count there is nothing to run: the fuzzing server is not there.
                throw CliException.failure(e.getCause() instanceof dev.weft.WebSocketConnectException c
                        ? "no test server at " + url + ": " + ErrorReporter.connectFailure(c)
                        : ErrorReporter.explain(e.getCause()), e.getCause());
            }
            int cases;
            try {
                cases = Integer.parseInt(count.get(10, TimeUnit.SECONDS));
            } catch (java.util.concurrent.TimeoutException | NumberFormatException e) {
                throw CliException.failure(url + "/getCaseCount did not answer with a case count; is it an Autobahn "
                        + "fuzzing server?");
            }
            System.out.println("autobahn-client: " + cases + " cases");
            String name = URLEncoder.encode(agent, StandardCharsets.UTF_8);
            for (int i = 1; i <= cases; i++) {
                run(client, "/runCase?case=" + i + "&agent=" + name, new EchoListener());
            }
            run(client, "/updateReports?agent=" + name, new WebSocketListener() { });
            System.out.println("autobahn-client: done");
        }
        return 0;
    }

    /** Connects to {@code path} and waits for the connection to close (or to fail to open). */
    private void run(WebSocketClient client, String path, WebSocketListener listener) throws Exception {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        WebSocketListener tracking = new ClosingListener(listener, closed);
        try {
            ConnectOptions options = deflate ? ConnectOptions.builder().extensions(PerMessageDeflate.defaults()).build()
                    : ConnectOptions.builder().extensions().build();
            client.connect(URI.create(url + path), options, tracking).get(caseTimeout, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            System.err.println("autobahn-client: " + path + ": " + e.getCause().getMessage());
            return;
        }
        closed.get(caseTimeout, TimeUnit.SECONDS);
    }

    /** Forwards to a listener and completes a future on close. */
    private static final class ClosingListener extends ForwardingListener {
        private final CompletableFuture<Void> closed;

        ClosingListener(WebSocketListener inner, CompletableFuture<Void> closed) {
            super(inner);
            this.closed = closed;
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason, boolean clean) {
            super.onClose(ws, code, reason, clean);
            closed.complete(null);
        }
    }
}
