package dev.weft.conformance;

import dev.weft.protocol.testing.RawFrame;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * The fuzzing side of one conformance case: writes frames at weft (masked when it plays the
 * client, as a client must), reads what weft sends back and checks it, and keeps a transcript
 * of what it observed for the report. Works the same whether weft is the server or the client.
 */
final class Peer implements AutoCloseable {
    /** A frame weft sent. */
    record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
        String describe() {
            String name = switch (opcode) {
                case 0 -> "cont";
                case 1 -> "text";
                case 2 -> "binary";
                case 8 -> "close";
                case 9 -> "ping";
                case 10 -> "pong";
                default -> "op" + opcode;
            };
            String body = opcode == 8 && payload.length >= 2
                    ? ((payload[0] & 0xFF) << 8 | (payload[1] & 0xFF)) + (payload.length > 2 ? " " + new String(payload, 2,
                    payload.length - 2, StandardCharsets.UTF_8) : "")
                    : payload.length + "B";
            return name + (fin ? "" : "(more)") + (rsv != 0 ? "(rsv" + rsv + ")" : "") + "[" + body + "]";
        }
    }

    /** The case's expectation was not met. */
    static final class Mismatch extends Exception {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final boolean masking;
    private final boolean weftIsServer;
    private final Random random;
    private final List<String> transcript = new ArrayList<>();
    private final ArrayDeque<Frame> controlBacklog = new ArrayDeque<>();
    private boolean nonStrict;
    private String nonStrictReason;
    private String negotiated;
    private java.util.zip.Deflater deflater;
    private java.util.zip.Inflater inflater;
    private boolean resetDeflater;
    private boolean resetInflater;
    /** The peer's agreed compression window, and weft's (checked by {@link #strict} when below 15). */
    private int peerBits = 15;
    private StrictInflater strict;

    /**
     * @param weftIsServer whether weft is the server here (the peer then masks its frames)
     */
    Peer(Socket socket, boolean weftIsServer, long seed) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.masking = weftIsServer;
        this.weftIsServer = weftIsServer;
        this.random = new Random(seed);
        socket.setTcpNoDelay(true);
    }

    boolean weftIsServer() {
        return weftIsServer;
    }

    /** Records the agreed extension header; with permessage-deflate the peer compresses and inflates. */
    void negotiated(String header) {
        this.negotiated = header;
        if (header != null && header.startsWith("permessage-deflate")) {
            deflater = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
            inflater = new java.util.zip.Inflater(true);
            // The peer compresses as the client when weft is the server, and as the server otherwise.
            resetDeflater = header.contains(weftIsServer ? "client_no_context_takeover" : "server_no_context_takeover");
            resetInflater = header.contains(weftIsServer ? "server_no_context_takeover" : "client_no_context_takeover");
            peerBits = windowBits(header, weftIsServer ? "client_max_window_bits" : "server_max_window_bits");
            int weftBits = windowBits(header, weftIsServer ? "server_max_window_bits" : "client_max_window_bits");
            strict = weftBits < 15 ? new StrictInflater(weftBits) : null;
            transcript.add("negotiated " + header);
        }
    }

    /** The extension header agreed, or {@code null}. */
    String negotiated() {
        return negotiated;
    }

    /** A window parameter's value in an agreed header, or 15 if it has none. */
    private static int windowBits(String header, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(name + "=(\\d+)").matcher(header);
        return m.find() ? Integer.parseInt(m.group(1)) : 15;
    }

    /**
     * RFC 7692 §7.2.1: compresses a whole message with a sync flush and drops the trailing
     * 00 00 ff ff. With an agreed window below 15 bits, the message goes to zlib in slices of
     * half the window, each ended by a full flush, so no reference reaches past the slice.
     */
    byte[] compress(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        int slice = peerBits < 15 ? 1 << (peerBits - 1) : Math.max(1, message.length);
        int at = 0;
        do {
            int len = Math.min(slice, message.length - at);
            deflater.setInput(message, at, len);
            at += len;
            int flush = peerBits < 15 ? java.util.zip.Deflater.FULL_FLUSH : java.util.zip.Deflater.SYNC_FLUSH;
            int n;
            do {
                n = deflater.deflate(buf, 0, buf.length, flush);
                out.write(buf, 0, n);
            } while (n == buf.length || !deflater.needsInput());
        } while (at < message.length);
        byte[] all = out.toByteArray();
        if (resetDeflater) {
            deflater.reset();
        }
        byte[] body = all.length >= 4 ? Arrays.copyOf(all, all.length - 4) : all;
        return body.length == 0 ? new byte[] {0} : body;
    }

    /**
     * {@code message} compressed by a fresh zlib context primed with {@code dictionary}: what a
     * 15-bit compressor keeping its context sends after {@code dictionary}, referring back as far
     * as it likes (beyond a smaller agreed window, if the dictionary is longer than that).
     */
    static byte[] compressReferring(byte[] dictionary, byte[] message) {
        java.util.zip.Deflater wide = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
        try {
            wide.setDictionary(dictionary);
            wide.setInput(message);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[65536];
            int n;
            do {
                n = wide.deflate(buf, 0, buf.length, java.util.zip.Deflater.SYNC_FLUSH);
                out.write(buf, 0, n);
            } while (n == buf.length || !wide.needsInput());
            byte[] all = out.toByteArray();
            return Arrays.copyOf(all, all.length - 4);
        } finally {
            wide.end();
        }
    }

    /**
     * Inflates what weft sent: with a window below 15 bits agreed for weft, by a decoder that
     * refuses any reference beyond it.
     */
    private byte[] inflate(byte[] payload) throws Mismatch {
        if (strict != null) {
            byte[] plain;
            try {
                plain = strict.inflate(RawFrame.concat(payload, new byte[] {0, 0, (byte) 0xff, (byte) 0xff}));
            } catch (StrictInflater.Invalid e) {
                throw new Mismatch(e.getMessage());
            }
            if (resetInflater) {
                strict.reset();
            }
            return plain;
        }
        inflater.setInput(RawFrame.concat(payload, new byte[] {0, 0, (byte) 0xff, (byte) 0xff}));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        try {
            int n;
            while ((n = inflater.inflate(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (java.util.zip.DataFormatException e) {
            throw new Mismatch("weft sent invalid deflate data: " + e.getMessage());
        }
        if (resetInflater) {
            inflater.reset();
        }
        return out.toByteArray();
    }

    List<String> transcript() {
        return transcript;
    }

    boolean isNonStrict() {
        return nonStrict;
    }

    String nonStrictReason() {
        return nonStrictReason;
    }

    /** Records that weft did what the RFC allows but not what it prefers. */
    void nonStrict(String why) {
        nonStrict = true;
        nonStrictReason = why;
    }

    private byte[] wire(RawFrame f) {
        if (masking) {
            f.mask(random.nextInt());
        }
        return f.bytes();
    }

    /** Sends frames, each in one write. */
    void send(RawFrame... frames) throws IOException {
        for (RawFrame f : frames) {
            out.write(wire(f));
        }
        out.flush();
    }

    /** Sends frames as TCP writes of at most {@code chunk} bytes, flushing and pausing briefly between them. */
    void sendChopped(int chunk, RawFrame... frames) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (RawFrame f : frames) {
            all.write(wire(f));
        }
        writeChopped(all.toByteArray(), chunk);
    }

    /** Writes raw bytes in pieces of {@code chunk}. */
    void writeChopped(byte[] bytes, int chunk) throws IOException {
        for (int at = 0; at < bytes.length; at += chunk) {
            out.write(bytes, at, Math.min(chunk, bytes.length - at));
            out.flush();
            if (chunk < 64) {
                pause(1);
            }
        }
    }

    /** Writes bytes exactly as given. */
    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads one frame within {@code millis}; null on timeout; throws EOFException if weft closed TCP. */
    Frame read(long millis) throws IOException {
        socket.setSoTimeout((int) millis);
        try {
            int b0 = in.read();
            if (b0 < 0) {
                throw new EOFException();
            }
            socket.setSoTimeout(10_000);
            int b1 = readByte();
            long len = b1 & 0x7F;
            if (len == 126) {
                len = (readByte() << 8) | readByte();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | readByte();
                }
            }
            byte[] key = null;
            if ((b1 & 0x80) != 0) {
                key = in.readNBytes(4);
            }
            byte[] payload = in.readNBytes((int) len);
            if (payload.length < len) {
                throw new EOFException();
            }
            if (key != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= key[i & 3];
                }
            }
            if (weftIsServer == (key != null)) {
                throw new IOException(weftIsServer ? "weft's server masked a frame" : "weft's client sent an unmasked frame");
            }
            Frame f = new Frame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0xF, payload);
            transcript.add(f.describe());
            return f;
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    /** The next data message (fragments assembled); control frames met on the way are kept for later checks. */
    Frame message(long millis) throws IOException, Mismatch {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int opcode = -1;
        boolean compressed = false;
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            Frame f;
            try {
                f = read(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (EOFException e) {
                throw new Mismatch("TCP closed while a message was expected");
            }
            if (f == null) {
                throw new Mismatch("no message within " + millis + " ms");
            }
            if (f.opcode >= 8) {
                if (f.opcode == 8) {
                    throw new Mismatch("close " + f.describe() + " while a message was expected");
                }
                controlBacklog.add(f);
                continue;
            }
            if (opcode < 0) {
                opcode = f.opcode;
                compressed = (f.rsv & 4) != 0;
                if (compressed && inflater == null) {
                    throw new Mismatch("RSV1 set without permessage-deflate negotiated");
                }
            } else if (f.rsv != 0) {
                throw new Mismatch("RSV bits on a continuation frame");
            }
            data.write(f.payload, 0, f.payload.length);
            if (f.fin) {
                byte[] body = compressed ? inflate(data.toByteArray()) : data.toByteArray();
                return new Frame(true, compressed ? 4 : 0, opcode, body);
            }
        }
    }

    void expectText(String expected) throws IOException, Mismatch {
        Frame m = message(30_000);
        byte[] want = expected.getBytes(StandardCharsets.UTF_8);
        if (m.opcode != 1 || !Arrays.equals(m.payload, want)) {
            throw new Mismatch("expected text of " + want.length + " bytes, got " + m.describe());
        }
    }

    void expectBinary(byte[] expected) throws IOException, Mismatch {
        Frame m = message(30_000);
        if (m.opcode != 2 || !Arrays.equals(m.payload, expected)) {
            throw new Mismatch("expected binary of " + expected.length + " bytes, got " + m.describe());
        }
    }

    void expectPong(byte[] payload) throws IOException, Mismatch {
        Frame f = controlBacklog.poll();
        if (f == null) {
            try {
                f = read(5_000);
            } catch (EOFException e) {
                throw new Mismatch("TCP closed while a pong was expected");
            }
        }
        if (f == null || f.opcode != 10 || !Arrays.equals(f.payload, payload)) {
            throw new Mismatch("expected pong of " + payload.length + " bytes " + HexFormat.of().formatHex(payload)
                    + ", got " + (f == null ? "nothing" : f.describe()));
        }
    }

    /** Expects weft to send nothing for {@code millis}. */
    void expectNothing(long millis) throws IOException, Mismatch {
        if (!controlBacklog.isEmpty()) {
            throw new Mismatch("unexpected " + controlBacklog.peek().describe());
        }
        Frame f;
        try {
            f = read(millis);
        } catch (EOFException e) {
            throw new Mismatch("TCP closed unexpectedly");
        }
        if (f != null) {
            throw new Mismatch("unexpected " + f.describe());
        }
    }

    /**
     * Expects a close frame with {@code code} (or an empty one for -1), then the TCP close: a
     * server closes TCP itself (RFC 6455 §7.1.1); for a client, the peer (a server) closes it.
     */
    void expectClose(int code, long millis) throws IOException, Mismatch {
        Frame f;
        try {
            f = controlBacklog.isEmpty() ? read(millis) : controlBacklog.poll();
            while (f != null && f.opcode != 8 && f.opcode >= 9) {
                f = read(millis);
            }
        } catch (EOFException e) {
            throw new Mismatch("TCP closed without a close frame");
        }
        if (f == null) {
            throw new Mismatch("no close frame within " + millis + " ms");
        }
        if (f.opcode != 8) {
            throw new Mismatch("expected close " + code + ", got " + f.describe());
        }
        int got = f.payload.length >= 2 ? ((f.payload[0] & 0xFF) << 8) | (f.payload[1] & 0xFF) : -1;
        if (got != code) {
            throw new Mismatch("expected close " + code + ", got " + f.describe());
        }
        if (weftIsServer) {
            expectTcpClose();
        } else {
            socket.close();
            transcript.add("peer closed TCP");
        }
    }

    void expectClose(int code) throws IOException, Mismatch {
        expectClose(code, 5_000);
    }

    private void expectTcpClose() throws IOException, Mismatch {
        try {
            while (true) {
                Frame f = read(5_000);
                if (f == null) {
                    throw new Mismatch("weft did not close TCP within 5 s of its close frame");
                }
            }
        } catch (EOFException e) {
            transcript.add("TCP closed by weft");
        } catch (java.net.SocketException e) {
            transcript.add("TCP reset by weft");
        }
    }

    /** Ends the case normally: a close 1000 from the peer, answered by weft. */
    void closeNormally() throws IOException, Mismatch {
        send(RawFrame.close(1000, ""));
        expectClose(1000);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        if (deflater != null) {
            deflater.end();
            inflater.end();
        }
    }
}
