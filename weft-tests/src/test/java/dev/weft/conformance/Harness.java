package dev.weft.conformance;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.client.WebSocketClient;
import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.protocol.handshake.AcceptKey;
import dev.weft.server.WebSocketServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Connects a fuzzing {@link Peer} to weft in one of the two roles: a raw-socket client driving
 * weft's echo server, or a raw-socket server driving weft's client (which echoes every message,
 * as the Autobahn client convention asks).
 */
abstract class Harness implements AutoCloseable {
    /** Echoes every message back, as it came. */
    static final WebSocketListener ECHO = dev.weft.testing.Listeners.ECHO;
    /**
     * What the server under test accepts: permessage-deflate compressing every message (cases
     * that offer nothing see no compression).
     */
    static final PerMessageDeflate SERVER_DEFLATE = PerMessageDeflate.builder().threshold(0).build();

    /** "server" or "client": the role weft plays. */
    abstract String role();

    /**
     * A peer connected to weft, after the opening handshake.
     *
     * @param extensions the extension header the peer offers or answers with, or {@code null}
     */
    abstract Peer connect(long seed, String extensions) throws Exception;

    /** The value of a header in a raw head, or {@code null}. */
    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** weft's echo server on its own port; the peer is a raw-socket client. */
    static final class ServerRole extends RemoteServer {
        private final WebSocketServer server;

        ServerRole() throws IOException {
            this(WebSocketServer.builder().host("127.0.0.1").port(0).loops(2)
                    .extensions(SERVER_DEFLATE).endpoint("/", ECHO).build().start());
        }

        private ServerRole(WebSocketServer server) {
            super("127.0.0.1", server.port(), "/");
            this.server = server;
        }

        @Override
        public void close() {
            server.stop(Duration.ofSeconds(1));
        }
    }

    /**
     * A weft echo server someone else started and serves, such as a servlet container with weft's
     * servlet; the peer is a raw-socket client of {@code host:port} asking for {@code path}.
     */
    static class RemoteServer extends Harness {
        private final String host;
        private final int port;
        private final String path;

        RemoteServer(String host, int port, String path) {
            this.host = host;
            this.port = port;
            this.path = path;
        }

        @Override
        String role() {
            return "server";
        }

        @Override
        Peer connect(long seed, String extensions) throws Exception {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(host, port), 5000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            s.setSoTimeout(5000);
            String head = readHead(s.getInputStream());
            if (!head.startsWith("HTTP/1.1 101 ")) {
                s.close();
                throw new IOException("upgrade refused: " + head);
            }
            Peer peer = new Peer(s, true, seed);
            peer.negotiated(header(head, "Sec-WebSocket-Extensions"));
            return peer;
        }

        @Override
        public void close() {
            // the server is its owner's to stop
        }
    }

    /** weft's client; the peer is a raw-socket server. */
    static final class ClientRole extends Harness {
        private final ServerSocket listener;
        private final WebSocketClient client = WebSocketClient.create();

        ClientRole() throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }

        @Override
        String role() {
            return "client";
        }

        @Override
        Peer connect(long seed, String extensions) throws Exception {
            CompletableFuture<WebSocket> opening = client.connect(
                    URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/runCase"), ECHO);
            listener.setSoTimeout(5000);
            Socket s = listener.accept();
            s.setSoTimeout(5000);
            String head = readHead(s.getInputStream());
            int k = head.indexOf("Sec-WebSocket-Key: ") + "Sec-WebSocket-Key: ".length();
            String key = head.substring(k, head.indexOf("\r\n", k));
            s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + AcceptKey.of(key) + "\r\n"
                    + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            opening.get(5, TimeUnit.SECONDS);
            Peer peer = new Peer(s, false, seed);
            peer.negotiated(extensions);
            return peer;
        }

        @Override
        public void close() throws IOException {
            client.close();
            listener.close();
        }
    }
}
