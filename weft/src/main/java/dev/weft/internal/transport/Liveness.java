package dev.weft.internal.transport;

import dev.weft.WebSocketConfig;
import dev.weft.protocol.Role;

import java.time.Duration;

/**
 * One connection's watch for signs of life: keepalive pings with a deadline for the peer to show
 * one, the round-trip time their pongs measure, and the idle timeout. A session makes one only
 * when its configuration turns keepalive or the idle timeout on; servers have neither by
 * default, so an idle server connection carries none of these clocks and timers and reads no
 * clock per read. Runs on the connection's loop.
 */
final class Liveness {
    private final WebSocketSession session;
    private final EventLoop loop;
    /** Nanoseconds between pings, or 0 for no keepalive. */
    private final long pingInterval;
    private final Duration pongTimeout;
    /** Nanoseconds of silence both ways before closing with 1001, or 0 for no idle timeout. */
    private final long idleTimeout;

    private long lastInbound;
    private long lastOutbound;
    private volatile Duration roundTrip;
    private Timer pingTimer;
    private Timer idleTimer;

    private Liveness(WebSocketSession session, EventLoop loop, long pingInterval, Duration pongTimeout, long idleTimeout) {
        this.session = session;
        this.loop = loop;
        this.lastInbound = loop.nanoTime();
        this.lastOutbound = lastInbound;
        this.pingInterval = pingInterval;
        this.pongTimeout = pongTimeout;
        this.idleTimeout = idleTimeout;
    }

    /**
     * A watch for {@code session}, or {@code null} when {@code config} asks for neither keepalive
     * nor an idle timeout.
     *
     * @param canPing whether the connection's protocol has pings (the legacy drafts have not)
     */
    static Liveness watch(WebSocketSession session, EventLoop loop, WebSocketConfig config, Role role, boolean canPing) {
        long pingInterval = canPing ? config.keepAliveInterval(role).toNanos() : 0;
        long idleTimeout = config.idleTimeout().toNanos();
        if (pingInterval == 0 && idleTimeout == 0) {
            return null;
        }
        return new Liveness(session, loop, pingInterval, config.keepAliveTimeout(), idleTimeout);
    }

    /** Arms the first ping and the idle check. */
    void start() {
        if (pingInterval != 0) {
            pingTimer = loop.schedule(pingInterval, this::ping);
        }
        if (idleTimeout != 0) {
            idleTimer = loop.schedule(idleTimeout, this::checkIdle);
        }
    }

    /** Bytes arrived: any inbound frame counts as a sign of life, not only a pong. */
    void inbound() {
        lastInbound = loop.nanoTime();
    }

    /** A frame went out: only the idle timeout cares, so only then is the clock read. */
    void outbound() {
        if (idleTimeout != 0) {
            lastOutbound = loop.nanoTime();
        }
    }

    /** The last measured round trip, or {@code null} before the first. */
    Duration roundTrip() {
        return roundTrip;
    }

    /** The connection is gone: no more pings or checks. */
    void stop() {
        if (pingTimer != null) {
            pingTimer.cancel();
        }
        if (idleTimer != null) {
            idleTimer.cancel();
        }
    }

    /**
     * Sends a ping carrying its send time and arms the deadline: a peer from which nothing at
     * all arrives by then is dropped (TCP aborted, reported as 1006).
     */
    private void ping() {
        long now = loop.nanoTime();
        // The session matches the pong (with the application's pings) and reports the round trip here.
        if (!session.sendKeepAlivePing(now, pongTimeout, rtt -> roundTrip = rtt)) {
            return;
        }
        loop.schedule(pongTimeout.toNanos(), () -> {
            if (lastInbound - now < 0) {
                session.dropSilentPeer(pongTimeout);
            }
        });
        pingTimer = loop.schedule(pingInterval, this::ping);
    }

    /** Closes with 1001 when nothing went either way for the idle timeout, else checks again when it could have. */
    private void checkIdle() {
        long quiet = loop.nanoTime() - Math.max(lastOutbound, lastInbound);
        if (quiet >= idleTimeout) {
            session.closeIdle();
        } else {
            idleTimer = loop.schedule(Math.max(idleTimeout - quiet, 1_000_000), this::checkIdle);
        }
    }
}
