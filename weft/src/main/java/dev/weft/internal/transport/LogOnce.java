package dev.weft.internal.transport;

import org.jspecify.annotations.Nullable;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs each kind of trouble at its level the first time and at DEBUG after, so a fault that
 * repeats per connection or per loop turn (a listener that throws on every message, an accept
 * that fails while file descriptors run out, a flood of handshakes past the limit) is seen once
 * and cannot flood the log. A kind is the message and, for an exception, its class and the frame
 * that threw it: the same bug hit by ten thousand connections is one WARNING, while a second,
 * different bug still gets its own.
 *
 * <p>The kinds remembered are bounded; past the bound, new kinds go to DEBUG too (a process
 * with a thousand distinct faults has its operator's attention already).
 */
public final class LogOnce {
    /** For faults that are the same bug wherever they happen: a listener's, weft's own. */
    public static final LogOnce SHARED = new LogOnce(1024);

    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final int maxKinds;

    /**
     * A log that remembers up to {@code maxKinds} kinds of trouble.
     *
     * @param maxKinds how many kinds to remember, more than zero
     */
    public LogOnce(int maxKinds) {
        if (maxKinds <= 0) {
            throw new IllegalArgumentException("maxKinds must be positive: " + maxKinds);
        }
        this.maxKinds = maxKinds;
    }

    /**
     * Whether {@code kind} is seen for the first time (and now remembered).
     *
     * @param kind the kind of trouble, a constant text
     * @return true the first time, false after, and false once the bound is reached
     */
    public boolean firstTime(String kind) {
        if (seen.contains(kind) || seen.size() >= maxKinds) {
            return false;
        }
        return seen.add(kind);
    }

    /**
     * Logs {@code message} at {@code level} the first time its kind is seen, at DEBUG after.
     *
     * @param log where to log
     * @param level the level for the first time
     * @param message a constant text (variable parts would make every occurrence a new kind)
     * @param error the exception, or {@code null}
     */
    public void log(System.Logger log, System.Logger.Level level, String message, @Nullable Throwable error) {
        boolean first = firstTime(kindOf(message, error));
        String line = first ? message + " (repeats of this are logged at DEBUG)" : message;
        try {
            log.log(first ? level : System.Logger.Level.DEBUG, line, error);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // The trouble may be what breaks logging: out of file descriptors, the JDK's log
            // formatter cannot load the time-zone data it reads on first use (a plain Error).
            // Say it on stderr, which is already open, rather than let the failure reach (and
            // end) an event loop.
            if (first) {
                System.err.println("weft: " + level + ": " + line + (error == null ? "" : ": " + error)
                        + " [the log itself failed: " + e + "]");
            }
        }
    }

    private static String kindOf(String message, @Nullable Throwable error) {
        if (error == null) {
            return message;
        }
        StackTraceElement[] trace = error.getStackTrace();
        return message + " | " + error.getClass().getName() + (trace.length > 0 ? " at " + trace[0] : "");
    }
}
