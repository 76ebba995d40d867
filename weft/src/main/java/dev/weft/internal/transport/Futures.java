package dev.weft.internal.transport;

import java.util.concurrent.CompletionException;

/** What weft's futures need beside the JDK's. */
public final class Futures {
    private Futures() {
    }

    /**
     * The failure a dependent stage saw, without the {@link CompletionException} the JDK wraps it in.
     *
     * @param failure what a {@code whenComplete} or {@code handle} got
     * @return its cause if it is a wrapper with one, else itself
     */
    public static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
