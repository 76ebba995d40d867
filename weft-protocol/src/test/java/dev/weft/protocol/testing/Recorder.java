package dev.weft.protocol.testing;

import dev.weft.protocol.BufferPool;
import dev.weft.protocol.Outbound;
import dev.weft.protocol.ProtocolEvents;
import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.close.CloseStatus;
import dev.weft.protocol.frame.Opcode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records what a connection reports and writes, as readable strings, so tests can take
 * events one by one and finish by asserting nothing is left over. Also counts the pooled
 * buffers handed out and not yet written, to check the core never leaks them.
 */
public final class Recorder implements ProtocolEvents, Outbound, BufferPool {
    private final Deque<String> events = new ArrayDeque<>();
    private final List<byte[]> written = new ArrayList<>();
    private int transportCloses;
    private int outstanding;
    private ProtocolException failure;

    @Override
    public void onText(String text) {
        events.add("text:" + text);
    }

    @Override
    public void onBinary(ByteBuffer data) {
        events.add("binary:" + hex(data));
    }

    @Override
    public void onFragment(Opcode type, ByteBuffer data, boolean last) {
        events.add("fragment:" + type + ":" + hex(data) + (last ? ":last" : ""));
    }

    @Override
    public void onPing(ByteBuffer payload) {
        events.add("ping:" + hex(payload));
    }

    @Override
    public void onPong(ByteBuffer payload) {
        events.add("pong:" + hex(payload));
    }

    @Override
    public void onCloseReceived(CloseStatus status) {
        events.add("close:" + status.code() + ":" + status.reason());
    }

    @Override
    public void onOversizedMessageDiscarded(Opcode type, long limit) {
        events.add("discarded:" + type + ":" + limit);
    }

    @Override
    public void onFailure(ProtocolException error) {
        failure = error;
        events.add("failure:" + error.closeCode() + ":" + error.error());
    }

    @Override
    public void write(ByteBuffer frame, ByteBuffer payload) {
        int n = (frame == null ? 0 : frame.remaining()) + (payload == null ? 0 : payload.remaining());
        byte[] all = new byte[n];
        if (payload != null) {
            payload.duplicate().get(all, all.length - payload.remaining(), payload.remaining());
        }
        if (frame != null) {
            frame.get(all, 0, frame.remaining());
            outstanding--; // only frames come from the pool; a payload alone is the sender's
        }
        written.add(all);
    }

    @Override
    public void closeTransport() {
        transportCloses++;
    }

    @Override
    public ByteBuffer acquire(int capacity) {
        outstanding++;
        return ByteBuffer.allocate(capacity);
    }

    @Override
    public void release(ByteBuffer buffer) {
    }

    /** Takes the oldest recorded event. */
    public String next() {
        assertThat(events).as("expected another event").isNotEmpty();
        return events.poll();
    }

    /** Asserts the next events are exactly these, in order. */
    public Recorder expect(String... expected) {
        for (String e : expected) {
            assertThat(next()).isEqualTo(e);
        }
        return this;
    }

    /** Asserts no event is left. */
    public void assertNoEvents() {
        assertThat(events).as("unexpected events").isEmpty();
    }

    /** The frames written so far, in order, and forgets them. */
    public List<byte[]> takeWritten() {
        List<byte[]> w = new ArrayList<>(written);
        written.clear();
        return w;
    }

    /** Asserts that exactly these frames were written, and forgets them. */
    public void expectWritten(byte[]... frames) {
        List<byte[]> w = takeWritten();
        assertThat(w).hasSize(frames.length);
        for (int i = 0; i < frames.length; i++) {
            assertThat(HexFormat.of().formatHex(w.get(i))).as("frame " + i).isEqualTo(HexFormat.of().formatHex(frames[i]));
        }
    }

    public int transportCloses() {
        return transportCloses;
    }

    public int outstandingBuffers() {
        return outstanding;
    }

    public ProtocolException failure() {
        return failure;
    }

    public static String hex(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return HexFormat.of().formatHex(a);
    }

    public static String hex(String utf8) {
        return HexFormat.of().formatHex(utf8.getBytes(StandardCharsets.UTF_8));
    }
}
