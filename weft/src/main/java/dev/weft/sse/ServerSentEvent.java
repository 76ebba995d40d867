package dev.weft.sse;

import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * One event of a {@code text/event-stream}: its data (any text; line breaks become one
 * {@code data:} line each, and the browser joins them with {@code \n} again), and optionally its
 * type ({@code event:}, which an {@code EventSource} listens to with
 * {@code addEventListener(type, ...)}; {@code message} when absent), its id ({@code id:}, which
 * the browser sends back as {@code Last-Event-ID} when it reconnects) and the reconnection delay
 * the browser is to use from now on ({@code retry:}).
 *
 * @param data  the event's data, possibly empty or several lines
 * @param event the event type, or {@code null} for {@code message}
 * @param id    the event id, or {@code null} to leave the browser's last id as it is
 * @param retry the reconnection delay to set, or {@code null}
 */
public record ServerSentEvent(String data, @Nullable String event, @Nullable String id, @Nullable Duration retry) {
    /**
     * Checks the parts: an event type or id is one line (an id has no NUL either, which would
     * make the browser ignore it), a retry is not negative.
     *
     * @param data  the event's data, possibly empty or several lines
     * @param event the event type, or {@code null}
     * @param id    the event id, or {@code null}
     * @param retry the reconnection delay, or {@code null}
     * @throws IllegalArgumentException if a part cannot be written as the standard reads it
     */
    public ServerSentEvent {
        Objects.requireNonNull(data, "data");
        requireOneLine("event", event);
        requireOneLine("id", id);
        if (id != null && id.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an event id with NUL is ignored by browsers");
        }
        if (retry != null && retry.isNegative()) {
            throw new IllegalArgumentException("retry " + retry + " is negative");
        }
    }

    private static void requireOneLine(String what, @Nullable String value) {
        if (value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException("an event " + what + " is one line: " + value.replace("\r", "\\r").replace("\n", "\\n"));
        }
    }

    /**
     * An event of type {@code message} with this data.
     *
     * @param data the data, possibly several lines
     * @return the event
     */
    public static ServerSentEvent of(String data) {
        return new ServerSentEvent(data, null, null, null);
    }

    /**
     * A copy of this event with a type.
     *
     * @param type the event type
     * @return the copy
     */
    public ServerSentEvent withEvent(String type) {
        return new ServerSentEvent(data, Objects.requireNonNull(type, "type"), id, retry);
    }

    /**
     * A copy of this event with an id.
     *
     * @param eventId the id, sent back as {@code Last-Event-ID} when the browser reconnects
     * @return the copy
     */
    public ServerSentEvent withId(String eventId) {
        return new ServerSentEvent(data, event, Objects.requireNonNull(eventId, "eventId"), retry);
    }

    /**
     * A copy of this event that also sets the browser's reconnection delay.
     *
     * @param delay the delay, whole milliseconds
     * @return the copy
     */
    public ServerSentEvent withRetry(Duration delay) {
        return new ServerSentEvent(data, event, id, Objects.requireNonNull(delay, "delay"));
    }

    /**
     * The event as it goes on the wire, UTF-8: its fields, one {@code data:} line per line of
     * data (CR LF, CR and LF all end a line, as the parser reads them), and the blank line that
     * dispatches it.
     *
     * @return the bytes
     */
    public byte[] encode() {
        StringBuilder b = new StringBuilder(data.length() + 16);
        if (event != null) {
            b.append("event: ").append(event).append('\n');
        }
        if (id != null) {
            b.append("id: ").append(id).append('\n');
        }
        if (retry != null) {
            b.append("retry: ").append(retry.toMillis()).append('\n');
        }
        int start = 0;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\r' || c == '\n') {
                b.append("data: ").append(data, start, i).append('\n');
                if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        b.append("data: ").append(data, start, data.length()).append("\n\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A comment line, which every client ignores: what keeps an idle stream's proxies and
     * timeouts from closing it. Line breaks in {@code text} start further comment lines.
     *
     * @param text the comment, possibly empty
     * @return the bytes
     */
    public static byte[] comment(String text) {
        return (":" + text.replaceAll("\r\n|\r|\n", "\n:") + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
