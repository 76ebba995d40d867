package dev.weft.testing;

import dev.weft.MessageType;
import dev.weft.WebSocket;
import dev.weft.WebSocketListener;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A listener that records every event as a string, for tests to take with a timeout. */
public class Inbox implements WebSocketListener {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();

    @Override
    public void onOpen(WebSocket socket) {
        events.add("open");
    }

    @Override
    public void onText(WebSocket socket, String text) {
        messages.add(text);
        events.add("text:" + (text.length() > 64 ? text.length() + " chars" : text));
    }

    @Override
    public void onBinary(WebSocket socket, ByteBuffer data) {
        messages.add(data);
        events.add("binary:" + (data.remaining() > 32 ? data.remaining() + " bytes" : hex(data)));
    }

    @Override
    public void onFragment(WebSocket socket, MessageType type, ByteBuffer data, boolean last) {
        events.add("fragment:" + type + ":" + hex(data) + (last ? ":last" : ""));
    }

    @Override
    public void onPing(WebSocket socket, ByteBuffer payload) {
        events.add("ping:" + hex(payload));
    }

    @Override
    public void onPong(WebSocket socket, ByteBuffer payload) {
        events.add("pong:" + hex(payload));
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean clean) {
        events.add("close:" + code + ":" + reason + ":" + (clean ? "clean" : "unclean"));
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        events.add("error:" + error.getClass().getSimpleName());
    }

    private static String hex(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return HexFormat.of().formatHex(a);
    }

    /** The next event within five seconds. */
    public String next() throws InterruptedException {
        String e = events.poll(5, TimeUnit.SECONDS);
        assertThat(e).as("an event within 5 s").isNotNull();
        return e;
    }

    /** Asserts the next events, in order. */
    public void expect(String... expected) throws InterruptedException {
        for (String e : expected) {
            assertThat(next()).isEqualTo(e);
        }
    }

    /** The next whole message (String or ByteBuffer) within ten seconds. */
    public Object nextMessage() throws InterruptedException {
        Object m = messages.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message within 10 s").isNotNull();
        return m;
    }

    /** The next whole message within {@code millis}, or null if none came. */
    public Object pollMessage(long millis) throws InterruptedException {
        return messages.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Waits for the close event, skipping others, and returns it. */
    public String awaitClose() throws InterruptedException {
        while (true) {
            String e = next();
            if (e.startsWith("close:")) {
                return e;
            }
        }
    }

    /** Asserts no further message arrives within {@code millis}. */
    public void expectNoMessage(long millis) throws InterruptedException {
        assertThat(messages.poll(millis, TimeUnit.MILLISECONDS)).isNull();
    }

    /** Asserts no event arrives within {@code millis}. */
    public void expectQuiet(long millis) throws InterruptedException {
        assertThat(events.poll(millis, TimeUnit.MILLISECONDS)).isNull();
    }
}
