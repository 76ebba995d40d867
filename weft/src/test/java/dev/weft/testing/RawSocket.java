package dev.weft.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A blocking loopback socket for writing exact bytes at a server and reading what comes back. */
public final class RawSocket implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    public RawSocket(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
    }

    public RawSocket write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    public RawSocket write(String ascii) throws IOException {
        return write(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads until the peer closes (or five seconds pass) and returns everything. */
    public byte[] readToEnd() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("peer did not close within 5 s; got " + out.size() + " bytes", e);
        }
        return out.toByteArray();
    }

    /** How many bytes can be read without blocking. */
    public int available() throws IOException {
        return in.available();
    }

    /** Reads what is there (at least one byte, or -1 at the end). */
    public int readSome(byte[] into) throws IOException {
        return in.read(into);
    }

    /** Reads exactly {@code n} bytes. */
    public byte[] read(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** Reads the HTTP head, up to and including the empty line. */
    public String readHead() throws IOException {
        return readHead(in);
    }

    /**
     * Reads an HTTP head from {@code in}, up to and including the empty line, or what came
     * before the end of the stream (then it does not end with an empty line).
     */
    public static String readHead(java.io.InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            out.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads one {@code text/event-stream} block: up to and including the blank line that ends an
     * event or comment (UTF-8), or what came before the end of the stream.
     */
    public String readEventBlock() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int previous = -1;
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
            if (b == '\n' && previous == '\n') {
                break;
            }
            previous = b;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Whether the peer has closed: a read returns end of stream within the timeout. */
    public boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /**
     * Whether the connection is still open now: bytes waiting, or no end of stream within a
     * moment (a look, not a wait: call it after something proved the server has had its turn,
     * and only when the server has nothing more to send, since a byte that arrives during the
     * look is consumed).
     */
    public boolean isOpenNow() throws IOException {
        return isOpenNow(socket);
    }

    /** {@link #isOpenNow()} for any socket. */
    public static boolean isOpenNow(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        if (in.available() > 0) {
            return true;
        }
        int saved = socket.getSoTimeout();
        socket.setSoTimeout(20);
        try {
            return in.read() >= 0;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            socket.setSoTimeout(saved);
        }
    }

    /**
     * Proves a server with one event loop has run its timers since a test's clock last moved:
     * the answer to a plain (not upgrading) request for a WebSocket path, 426, is flushed at the
     * end of a loop turn, after that turn's timers ran. It opens no WebSocket, so no listener
     * hears of it. Connections made before it have also been taken in by then.
     *
     * @param port   the server's ws:// port
     * @param wsPath a path with a WebSocket endpoint
     */
    public static void awaitLoopTurn(int port, String wsPath) throws IOException {
        try (RawSocket probe = new RawSocket(port)) {
            probe.write("GET " + wsPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String head = probe.readHead();
            if (!head.startsWith("HTTP/1.1 426 ")) {
                throw new IOException("expected 426 for a plain request to " + wsPath + ", got: " + head);
            }
        }
    }

    /** Reads one unmasked frame from a server and returns {opcode, payload...}. */
    public byte[] readServerFrame() throws IOException {
        byte[] head = read(2);
        int len = head[1] & 0x7f;
        if (len == 126) {
            byte[] ext = read(2);
            len = ((ext[0] & 0xff) << 8) | (ext[1] & 0xff);
        } else if (len == 127) {
            throw new IOException("a test frame over 64 KiB");
        }
        byte[] payload = read(len);
        byte[] out = new byte[1 + len];
        out[0] = (byte) (head[0] & 0x0f);
        System.arraycopy(payload, 0, out, 1, len);
        return out;
    }

    /** Sends a client frame (masked with a zero key), final, with this opcode and payload. */
    public RawSocket writeClientFrame(int opcode, byte[] payload) throws IOException {
        if (payload.length > 125) {
            throw new IOException("a test frame over 125 bytes");
        }
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(payload, 0, frame, 6, payload.length);
        return write(frame);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A socket that has sent a valid upgrade request for {@code path} and read the server's answer head. */
    public static RawSocket upgraded(int port, String path) throws IOException {
        RawSocket raw = new RawSocket(port);
        raw.write(upgrade(path));
        String head = raw.readHead();
        if (!head.startsWith("HTTP/1.1 101 ")) {
            raw.close();
            throw new IOException("upgrade refused: " + head);
        }
        return raw;
    }

    /** A valid upgrade request for {@code path}. */
    public static String upgrade(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }
}
