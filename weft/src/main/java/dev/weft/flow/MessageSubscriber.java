package dev.weft.flow;

import dev.weft.MessageType;
import dev.weft.WebSocket;
import dev.weft.protocol.close.CloseCode;
import org.jspecify.annotations.Nullable;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Flow.Subscriber} that sends each message it is given on one connection, asking for
 * more only while the connection keeps up: it holds a window of {@value #WINDOW} requested
 * messages, tops it up after a send while the connection {@linkplain WebSocket#isWritable() is
 * writable}, and otherwise waits for that send to be written. A send that fails (the connection
 * closed, its queue full) cancels the subscription. When the publisher completes, the connection
 * is closed with 1000; when it fails, with 1011 (its cause is not sent: it may hold secrets).
 */
public final class MessageSubscriber implements Flow.Subscriber<Message> {
    /** Messages asked for at a time: enough to keep the socket busy, few enough to hold little. */
    static final int WINDOW = 32;

    private final WebSocket socket;
    private final boolean closeAtEnd;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    /** Requested and not yet received. */
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile Flow.@Nullable Subscription subscription;

    private MessageSubscriber(WebSocket socket, boolean closeAtEnd) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.closeAtEnd = closeAtEnd;
    }

    /**
     * A subscriber sending to {@code socket}, closing it when the publisher ends.
     *
     * @param socket the connection to send on
     * @return the subscriber
     */
    public static MessageSubscriber sendingTo(WebSocket socket) {
        return new MessageSubscriber(socket, true);
    }

    /**
     * A subscriber sending to {@code socket} that leaves it open when the publisher ends.
     *
     * @param socket the connection to send on
     * @return the subscriber
     */
    public static MessageSubscriber sendingToAndKeepingOpen(WebSocket socket) {
        return new MessageSubscriber(socket, false);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Objects.requireNonNull(s, "subscription");
        if (!subscribed.compareAndSet(false, true)) {
            s.cancel(); // §2.5: one subscription at a time
            return;
        }
        subscription = s;
        outstanding.set(WINDOW);
        s.request(WINDOW);
    }

    @Override
    public void onNext(Message message) {
        Objects.requireNonNull(message, "message");
        CompletableFuture<Void> sent = message.type() == MessageType.TEXT
                ? socket.sendText(Objects.requireNonNull(message.text()))
                : socket.sendBinary(Objects.requireNonNull(message.data()));
        outstanding.decrementAndGet();
        if (sent.isCompletedExceptionally()) {
            cancel();
        } else if (socket.isWritable()) {
            topUp();
        } else {
            sent.whenComplete((v, failed) -> {
                if (failed != null) {
                    cancel();
                } else {
                    topUp();
                }
            });
        }
    }

    /** Asks for what the window is missing, once at least half of it has arrived. */
    private void topUp() {
        Flow.Subscription s = subscription;
        if (s == null) {
            return;
        }
        while (true) {
            int now = outstanding.get();
            if (now > WINDOW / 2) {
                return;
            }
            if (outstanding.compareAndSet(now, WINDOW)) {
                s.request(WINDOW - now);
                return;
            }
        }
    }

    private void cancel() {
        Flow.Subscription s = subscription;
        subscription = null;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void onError(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        subscription = null;
        if (closeAtEnd) {
            socket.close(CloseCode.INTERNAL_ERROR, "");
        }
    }

    @Override
    public void onComplete() {
        subscription = null;
        if (closeAtEnd) {
            socket.close(CloseCode.NORMAL, "");
        }
    }
}
