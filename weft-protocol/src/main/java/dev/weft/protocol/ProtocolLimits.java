package dev.weft.protocol;

/**
 * The bounds a connection enforces on what its peer sends. Immutable; build one with
 * {@link #builder()}. Every limit has a safe default that a server facing the open internet
 * can keep.
 */
public final class ProtocolLimits {
    /** 16 MiB: large enough for real messages, small enough that one peer cannot exhaust a heap. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
    /**
     * Every data frame is charged at least 64 bytes against the message limit, so that a stream
     * of empty fragments, which costs the peer two bytes each, still ends (after 262,144 of them
     * with the default limit). Frames of 64 bytes or more are charged their size: a 4 MiB message
     * in 65,536 fragments of 64 bytes, or a 16 MiB message in 16 KiB fragments, still arrives.
     */
    public static final int DEFAULT_FRAGMENT_COST = 64;

    private static final ProtocolLimits DEFAULTS = builder().build();

    private final int maxFrameSize;
    private final int maxMessageSize;
    private final int fragmentCost;
    private final OversizedMessages oversizedMessages;

    private ProtocolLimits(Builder b) {
        this.oversizedMessages = b.oversizedMessages;
        this.maxMessageSize = b.maxMessageSize;
        this.maxFrameSize = b.maxFrameSize < 0 ? b.maxMessageSize : b.maxFrameSize;
        this.fragmentCost = b.fragmentCost;
        if (maxFrameSize > maxMessageSize) {
            throw new IllegalArgumentException("maxFrameSize " + maxFrameSize
                    + " exceeds maxMessageSize " + maxMessageSize);
        }
    }

    /**
     * The default limits: 16 MiB per message and per frame, each frame charged at least 64 bytes.
     *
     * @return the defaults
     */
    public static ProtocolLimits defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a builder holding the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The largest frame payload accepted, in bytes; a longer frame fails with 1009 before any of
     * it is buffered. A frame an extension encoded may exceed it by a quarter plus 1 KiB (zlib's
     * worst-case overhead on incompressible data); its decoded content is held to the message limit.
     *
     * @return the limit in bytes
     */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * The largest message accepted, in bytes, with each frame charged at least the fragment cost; over it fails with 1009.
     *
     * @return the limit in bytes
     */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * The least a data frame is charged against the message limit, however short it is.
     *
     * @return the charge in bytes
     */
    public int fragmentCost() {
        return fragmentCost;
    }

    /**
     * What happens to a message over the limits: {@link OversizedMessages#CLOSE} (1009) unless set.
     *
     * @return the policy
     */
    public OversizedMessages oversizedMessages() {
        return oversizedMessages;
    }

    /** Builds {@link ProtocolLimits}; every setter validates its argument. */
    public static final class Builder {
        private int maxFrameSize = -1;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private int fragmentCost = DEFAULT_FRAGMENT_COST;
        private OversizedMessages oversizedMessages = OversizedMessages.CLOSE;

        private Builder() {
        }

        /**
         * Sets what happens to a message over the limits; defaults to {@link OversizedMessages#CLOSE}.
         *
         * @param policy close with 1009, or discard the message and keep the connection
         * @return this builder
         */
        public Builder oversizedMessages(OversizedMessages policy) {
            this.oversizedMessages = java.util.Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the largest frame payload; defaults to the message limit.
         *
         * @param bytes the limit, more than zero
         * @return this builder
         */
        public Builder maxFrameSize(int bytes) {
            if (bytes < 125) {
                throw new IllegalArgumentException("maxFrameSize must be at least 125 (a control frame): " + bytes);
            }
            this.maxFrameSize = bytes;
            return this;
        }

        /**
         * Sets the largest message; defaults to 16 MiB.
         *
         * @param bytes the limit, more than zero
         * @return this builder
         */
        public Builder maxMessageSize(int bytes) {
            if (bytes < 125) {
                throw new IllegalArgumentException("maxMessageSize must be at least 125: " + bytes);
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /**
         * Sets the least a data frame is charged against the message limit; defaults to 64. Zero charges frames their size only.
         *
         * @param bytes the least charge, zero or more
         * @return this builder
         */
        public Builder fragmentCost(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("fragmentCost must not be negative: " + bytes);
            }
            this.fragmentCost = bytes;
            return this;
        }

        /**
         * Builds the limits; fails if the frame limit exceeds the message limit.
         *
         * @return the limits
         */
        public ProtocolLimits build() {
            return new ProtocolLimits(this);
        }
    }
}
