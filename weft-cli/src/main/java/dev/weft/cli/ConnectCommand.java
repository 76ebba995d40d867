package dev.weft.cli;

import dev.weft.MessageType;
import dev.weft.TlsConfig;
import dev.weft.protocol.handshake.ExtensionHeader;
import dev.weft.WebSocket;
import dev.weft.WebSocketConnectException;
import dev.weft.WebSocketListener;
import dev.weft.client.ConnectOptions;
import dev.weft.client.HttpProxy;
import dev.weft.client.WebSocketClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code weft connect URL}: an interactive client in the manner of wscat. Each line typed is
 * sent as a text message; received messages are printed; {@code /ping [text]} and
 * {@code /close [code [reason]]} do what they say.
 */
@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "Connect to a WebSocket server; stdin lines become messages; /ping [text], /binary HEX and "
                + "/close [code [reason]] are commands.")
public final class ConnectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URL", description = "ws:// or wss:// URL to connect to (ws:// is assumed "
            + "when none is given, as wscat does)")
    String target;

    private URI url;

    @Option(names = {"-p", "-s", "--protocol", "--subprotocol"}, description = "Subprotocol to offer (repeatable). "
            + "Note: wscat's -p is the protocol version, which here is --protocol-version; wscat's -s is this.")
    List<String> protocols = new ArrayList<>();

    @Option(names = {"-H", "--header"}, description = "Extra request header as Name:value (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-o", "--origin"}, description = "Origin to send.")
    String origin;

    @Option(names = "--protocol-version", defaultValue = "13", description = "13 (default) or 8.")
    int version;

    @Option(names = "--ca", description = "For wss://: trust the certificate authorities in this PEM file (instead of the JDK's).")
    Path ca;

    @Option(names = {"-n", "--insecure", "--no-check"}, description = "For wss://: accept any certificate for any host. For tests only.")
    boolean insecure;

    @Option(names = "--deflate", description = "Offer permessage-deflate (the default).")
    boolean deflate;

    @Option(names = "--no-deflate", description = "Offer no compression.")
    boolean noDeflate;

    @Option(names = {"-L", "--follow-redirects"}, description = "Follow HTTP redirects of the upgrade request "
            + "(301, 302, 303, 307, 308; Authorization and cookies stay with the first host).")
    boolean followRedirects;

    @Option(names = "--max-redirects", defaultValue = "10", description = "The most redirects to follow (default: ${DEFAULT-VALUE}).")
    int maxRedirects;

    @Option(names = "--proxy", description = "Connect through this proxy: http://[user:password@]host:port (HTTP "
            + "CONNECT) or socks5://[user:password@]host:port (SOCKS5; the proxy resolves the server's name).")
    URI proxy;

    @Option(names = {"-x", "--execute"}, paramLabel = "MSG", description = "Send MSG (a line as typed: text, or a "
            + "/command) once connected, print replies for --wait seconds, then close and exit (repeatable).")
    List<String> execute = new ArrayList<>();

    @Option(names = {"-w", "--wait"}, paramLabel = "SECONDS", description = "Seconds to keep printing replies after "
            + "the last message sent (after -x, or after stdin ends) before closing (default: 2 with -x, else 0).")
    Integer waitSeconds;

    @Option(names = "--cert", description = "For wss://: present this PEM certificate chain to the server (with --key).")
    Path clientCert;

    @Option(names = "--key", description = "For wss://: the PEM private key (PKCS#8) of --cert.")
    Path clientKey;

    @Option(names = {"-P", "--show-ping-pong"}, description = "Print the pings and pongs the server sends.")
    boolean showPingPong;

    @Option(names = "--auth", paramLabel = "USER:PASSWORD", description = "Send HTTP Basic credentials with the "
            + "opening handshake.")
    String auth;

    private final PrintStream out = System.out;
    private final java.util.concurrent.atomic.AtomicInteger pingsSent = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public Integer call() throws Exception {
        url = webSocketUrl(target);
        if (version != 13 && version != 8) {
            throw CliException.usage("--protocol-version " + version + " is not one weft speaks: use 13 (RFC 6455) or 8");
        }
        if (maxRedirects < 1) {
            throw CliException.usage("--max-redirects must be at least 1");
        }
        ConnectOptions.Builder options = ConnectOptions.builder().subprotocols(protocols.toArray(new String[0]))
                .origin(origin).version(version).followRedirects(followRedirects).maxRedirects(maxRedirects);
        if (noDeflate && deflate) {
            System.err.println("error: --deflate and --no-deflate together");
            return 2;
        }
        if (noDeflate) {
            options.extensions();
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw CliException.usage("--cert and --key go together (a client certificate and its private key)");
        }
        if (clientCert != null) {
            options.tls(TlsConfig.fromPem(clientCert, clientKey, ca));
        } else if (insecure) {
            System.err.println("warning: --insecure: the server's certificate and host name are not checked");
            options.tls(TlsConfig.insecureClient());
        } else if (ca != null) {
            options.tls(TlsConfig.trusting(ca));
        }
        if (auth != null) {
            if (auth.indexOf(':') < 0) {
                throw CliException.usage("--auth takes USER:PASSWORD");
            }
            options.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
        }
        if (proxy != null && proxy.getScheme() != null && proxy.getScheme().toLowerCase(java.util.Locale.ROOT).startsWith("socks5")) {
            try {
                options.proxy(dev.weft.client.SocksProxy.of(proxy));
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--proxy " + proxy + ": " + e.getMessage());
            }
        } else if (proxy != null) {
            if (!"http".equalsIgnoreCase(proxy.getScheme()) || proxy.getHost() == null) {
                System.err.println("error: --proxy needs http://[user:password@]host:port or socks5://[user:password@]host:port, got "
                        + proxy);
                return 2;
            }
            HttpProxy p = HttpProxy.of(proxy.getHost(), proxy.getPort() < 0 ? 80 : proxy.getPort());
            String userInfo = proxy.getUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                p = colon < 0 ? p.withCredentials(userInfo, "")
                        : p.withCredentials(userInfo.substring(0, colon), userInfo.substring(colon + 1));
            }
            options.proxy(p);
        }
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                System.err.println("error: --header needs Name:value, got " + h);
                return 2;
            }
            options.header(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
        }
        CountDownLatch closed = new CountDownLatch(1);
        try (WebSocketClient client = WebSocketClient.create()) {
            WebSocket ws;
            try {
                ws = client.connect(url, options.build(), new Printer(closed)).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw CliException.failure(cause instanceof WebSocketConnectException c
                        ? ErrorReporter.connectFailure(c) : ErrorReporter.explain(cause), cause);
            }
            out.println("connected to " + url + (ws.subprotocol() == null ? "" : " (protocol " + ws.subprotocol() + ")")
                    + (ws.extensions().isEmpty() ? "" : " (extensions " + ExtensionHeader.format(ws.extensions()) + ")")
                    + "; type messages, /ping [text], /binary HEX, /close [code [reason]]; Ctrl+D closes");
            out.flush();
            BufferedReader in = execute.isEmpty()
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : new BufferedReader(new java.io.StringReader(String.join("\n", execute)));
            String line;
            boolean closing = false;
            while (closed.getCount() > 0 && (line = in.readLine()) != null) {
                try {
                    if (!command(ws, line)) {
                        closing = true;
                        break;
                    }
                } catch (IllegalArgumentException e) {
                    System.err.println("weft connect: " + e.getMessage());
                }
            }
            int wait = waitSeconds != null ? waitSeconds : execute.isEmpty() ? 0 : 2;
            if (!closing && wait > 0) {
                closed.await(wait, TimeUnit.SECONDS); // replies keep printing meanwhile
            }
            if (closed.getCount() > 0 && !closing) {
                ws.close();
            }
            closed.await(15, TimeUnit.SECONDS);
        }
        return 0;
    }

    /** Runs one input line; returns false once the connection is closing. */
    private boolean command(WebSocket ws, String line) {
        if (line.startsWith("/ping")) {
            pingsSent.incrementAndGet();
            ws.ping(ByteBuffer.wrap(line.substring(5).strip().getBytes(StandardCharsets.UTF_8)));
            return true;
        }
        if (line.startsWith("/binary")) {
            String hex = line.substring(7).replace(" ", "");
            try {
                ws.sendBinary(ByteBuffer.wrap(HexFormat.of().parseHex(hex)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("/binary takes hexadecimal bytes, such as /binary 00ff10, not '"
                        + line.substring(7).strip() + "'");
            }
            return true;
        }
        if (line.startsWith("/close")) {
            String[] parts = line.substring(6).strip().split(" ", 2);
            int code;
            try {
                code = parts[0].isEmpty() ? 1000 : Integer.parseInt(parts[0]);
                ws.close(code, parts.length > 1 ? parts[1] : "");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("/close takes a code (1000, or 3000 to 4999) and an optional reason, "
                        + "not '" + line.substring(6).strip() + "'");
            }
            return false;
        }
        ws.sendText(line);
        return true;
    }

    /**
     * The URL to connect to: ws:// is assumed when no scheme is given (as wscat does); http(s)://
     * is refused with the ws:// form to use instead.
     */
    static URI webSocketUrl(String given) {
        String s = given.contains("://") ? given : "ws://" + given;
        URI uri;
        try {
            uri = URI.create(s);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("'" + given + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("http") || scheme.equals("https")) {
            throw CliException.usage("takes ws:// or wss:// URLs, not " + scheme + "://; try "
                    + (scheme.equals("http") ? "ws" : "wss") + s.substring(scheme.length()));
        }
        if (!scheme.equals("ws") && !scheme.equals("wss") || uri.getHost() == null) {
            throw CliException.usage("'" + given + "' is not a ws:// or wss:// URL with a host");
        }
        return uri;
    }

    /** Prints what arrives. */
    private final class Printer implements WebSocketListener {
        private final CountDownLatch closed;

        Printer(CountDownLatch closed) {
            this.closed = closed;
        }

        @Override
        public void onText(WebSocket ws, String text) {
            print("< " + text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            print("< binary " + b.length + " bytes: " + HexFormat.ofDelimiter(" ").formatHex(b, 0, Math.min(b.length, 64))
                    + (b.length > 64 ? " ..." : ""));
        }

        @Override
        public void onFragment(WebSocket ws, MessageType type, ByteBuffer data, boolean last) {
            print("< fragment " + type + " " + data.remaining() + " bytes" + (last ? " (last)" : ""));
        }

        @Override
        public void onPing(WebSocket ws, ByteBuffer payload) {
            if (showPingPong) {
                print("< ping " + StandardCharsets.UTF_8.decode(payload.duplicate()));
            }
        }

        @Override
        public void onPong(WebSocket ws, ByteBuffer payload) {
            // The answer to this session's own /ping is always shown; pongs the server sends unasked only with -P.
            if (showPingPong || pingsSent.get() > 0) {
                pingsSent.updateAndGet(n -> Math.max(0, n - 1));
                print("< pong " + StandardCharsets.UTF_8.decode(payload.duplicate()));
            }
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            print("! error: " + error.getMessage());
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason, boolean clean) {
            print("disconnected (code " + code + (reason.isEmpty() ? "" : ", reason " + reason) + (clean ? "" : ", unclean") + ")");
            closed.countDown();
        }

        private void print(String s) {
            synchronized (out) {
                out.println(s);
                out.flush();
            }
        }
    }
}
