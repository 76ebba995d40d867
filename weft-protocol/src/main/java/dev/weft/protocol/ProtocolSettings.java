package dev.weft.protocol;

import dev.weft.protocol.frame.FrameEncoder;
import dev.weft.protocol.frame.MaskSource;
import dev.weft.protocol.frame.SecureMaskSource;
import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * How a kind of connection behaves, apart from whom it talks to: its role, the limits it holds
 * the peer to, where its buffers and masking keys come from, how it delivers and sends
 * messages, and the pool its parsers are lent from. Immutable: one instance serves any number
 * of connections, each holding one reference for all of it (a server with many idle
 * connections saves a few dozen bytes on each). Given whole through
 * {@link ProtocolConnection#builder(ProtocolSettings)}; {@link ProtocolConnection#builder(Role)}
 * makes one per connection from its setters.
 */
public final class ProtocolSettings {
    final Role role;
    final ProtocolLimits limits;
    final FrameEncoder encoder;
    final BufferPool pool;
    final boolean assemble;
    /** Whether binary messages are lent from {@link #pool}. */
    final boolean lend;
    final boolean autoPong;
    final int fragmentSize;
    final @Nullable ReceptionPool receptions;

    private ProtocolSettings(Builder b) {
        this.role = b.role;
        this.limits = b.limits;
        this.encoder = FrameEncoder.of(b.role, b.role == Role.CLIENT && b.masks == null ? new SecureMaskSource() : b.masks);
        this.pool = b.pool;
        this.assemble = b.assemble;
        this.lend = b.lend;
        this.autoPong = b.autoPong;
        this.fragmentSize = b.fragmentSize;
        this.receptions = b.receptions;
    }

    /**
     * A builder for the settings of connections on the given side.
     *
     * @param role which side the connections are
     * @return a builder with the default limits, unpooled buffers, whole messages, automatic pongs and no fragmenting
     */
    public static Builder builder(Role role) {
        return new Builder(role);
    }

    /**
     * The side these connections are.
     *
     * @return the role
     */
    public Role role() {
        return role;
    }

    /** Builds {@link ProtocolSettings}. */
    public static final class Builder {
        private final Role role;
        private ProtocolLimits limits = ProtocolLimits.defaults();
        private MaskSource masks;
        private BufferPool pool = BufferPool.unpooled();
        private boolean assemble = true;
        private boolean lend;
        private boolean autoPong = true;
        private int fragmentSize = Integer.MAX_VALUE;
        private ReceptionPool receptions;

        private Builder(Role role) {
            this.role = Objects.requireNonNull(role, "role");
        }

        /**
         * The limits to enforce on the peer; {@link ProtocolLimits#defaults()} if not set.
         *
         * @param limits the limits on what the peer sends
         * @return this builder
         */
        public Builder limits(ProtocolLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * The masking keys for a client; a {@link SecureMaskSource} if not set.
         *
         * @param masks the source of masking keys
         * @return this builder
         */
        public Builder masks(MaskSource masks) {
            this.masks = masks;
            return this;
        }

        /**
         * The buffers for outgoing frames; {@link BufferPool#unpooled()} if not set.
         *
         * @param pool the pool to take frame buffers from
         * @return this builder
         */
        public Builder bufferPool(BufferPool pool) {
            this.pool = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /**
         * Whether to deliver whole messages (the default) or each part as it arrives through
         * {@link ProtocolEvents#onFragment} (WebSocket-Node's {@code assembleFragments: false}).
         * Without assembly the message limit does not apply; the frame limit still does.
         *
         * @param assemble false to deliver each fragment as it arrives
         * @return this builder
         */
        public Builder assembleFragments(boolean assemble) {
            this.assemble = assemble;
            return this;
        }

        /**
         * Whether binary messages sent as one frame are delivered in direct buffers from the
         * {@linkplain #bufferPool pool}, lent for the {@link ProtocolEvents#onBinary} call and
         * taken back when it returns, unless the receiver sends that very buffer on
         * ({@link ProtocolConnection#useLent}): then the transport writes it without a copy and releases
         * it once written. Off by default: every delivered buffer is the receiver's to keep.
         *
         * @param lend true to lend binary messages instead of giving them away
         * @return this builder
         */
        public Builder lendBinaryMessages(boolean lend) {
            this.lend = lend;
            return this;
        }

        /**
         * Whether a ping is answered with a pong at once (the default, as RFC 6455 §5.5.2 asks);
         * false leaves the answer to the application ({@link ProtocolEvents#onPing} sees every
         * ping either way), as ws's {@code autoPong: false}.
         *
         * @param on false to let the application answer pings
         * @return this builder
         */
        public Builder autoPong(boolean on) {
            this.autoPong = on;
            return this;
        }

        /**
         * The largest frame payload to send: longer messages are split into fragments of this
         * size (WebSocket-Node's {@code fragmentationThreshold}). Unlimited by default.
         *
         * @param bytes the largest payload of a sent frame, more than zero
         * @return this builder
         */
        public Builder fragmentSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("fragment size must be positive: " + bytes);
            }
            this.fragmentSize = bytes;
            return this;
        }

        /**
         * Lets the connections borrow their parser and message assembler from a pool shared with
         * the other connections whose input the same thread parses, and give them back whenever
         * they are between messages: an idle connection then holds neither (a couple of hundred
         * bytes each). Without a pool each connection makes its own when the first bytes arrive
         * and keeps them.
         *
         * @param pool the pool of the one thread that calls {@link ProtocolConnection#receive} on these connections
         * @return this builder
         */
        public Builder receptionPool(ReceptionPool pool) {
            this.receptions = Objects.requireNonNull(pool, "pool");
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return settings to give any number of connections
         */
        public ProtocolSettings build() {
            return new ProtocolSettings(this);
        }
    }
}
