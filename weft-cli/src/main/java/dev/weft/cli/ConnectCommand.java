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
        description = "Connect to a WebSocket server; stdin lines become messages, /ping and /close are commands.")
public final class ConnectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URL", description = "ws:// or wss:// URL to connect to (ws:// is assumed "
            + "when none is given, as wscat does)")
    String target;

    private URI url;

    @Option(names = {"-p", "--protocol"}, description = "Subprotocol to offer (repeatable).")
    List<String> protocols = new ArrayList<>();

    @Option(names = {"-H", "--header"}, description = "Extra request header as Name:value (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-o", "--origin"}, description = "Origin to send.")
    String origin;

    @Option(names = "--protocol-version", defaultValue = "13", description = "13 (default) or 8.")
    int version;

    @Option(names = "--ca", description = "For wss://: trust the certificate authorities in this PEM file (instead of the JDK's).")
    Path ca;

    @Option(names = "--insecure", description = "For wss://: accept any certificate for any host. For tests only.")
    boolean insecure;

    @Option(names = "--deflate", description = "Offer permessage-deflate (the default).")
    boolean deflate;

    @Option(names = "--no-deflate", description = "Offer no compression.")
    boolean noDeflate;

    @Option(names = "--proxy", description = "Connect through this HTTP proxy: http://[user:password@]host:port.")
    URI proxy;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        url = webSocketUrl(target);
        if (version != 13 && version != 8) {
            throw CliException.usage("--protocol-version " + version + " is not one weft speaks: use 13 (RFC 6455) or 8");
        }
        ConnectOptions.Builder options = ConnectOptions.builder().subprotocols(protocols.toArray(new String[0]))
                .origin(origin).version(version);
        if (noDeflate && deflate) {
            System.err.println("error: --deflate and --no-deflate together");
            return 2;
        }
        if (noDeflate) {
            options.extensions();
        }
        if (insecure) {
            System.err.println("warning: --insecure: the server's certificate and host name are not checked");
            options.tls(TlsConfig.insecureClient());
        } else if (ca != null) {
            options.tls(TlsConfig.trusting(ca));
        }
        if (proxy != null) {
            if (!"http".equalsIgnoreCase(proxy.getScheme()) || proxy.getHost() == null) {
                System.err.println("error: --proxy needs http://[user:password@]host:port, got " + proxy);
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
                    + "; type messages, /ping [text], /close [code [reason]]; Ctrl+D closes");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while (closed.getCount() > 0 && (line = in.readLine()) != null) {
                try {
                    if (!command(ws, line)) {
                        break;
                    }
                } catch (IllegalArgumentException e) {
                    System.err.println("error: " + e.getMessage());
                }
            }
            if (closed.getCount() > 0) {
                ws.close();
            }
            closed.await(15, TimeUnit.SECONDS);
        }
        return 0;
    }

    /** Runs one input line; returns false once the connection is closing. */
    private boolean command(WebSocket ws, String line) {
        if (line.startsWith("/ping")) {
            ws.ping(ByteBuffer.wrap(line.substring(5).strip().getBytes(StandardCharsets.UTF_8)));
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
        public void onPong(WebSocket ws, ByteBuffer payload) {
            print("< pong " + StandardCharsets.UTF_8.decode(payload.duplicate()));
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
