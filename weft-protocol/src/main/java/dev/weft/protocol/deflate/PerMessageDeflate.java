package dev.weft.protocol.deflate;

import dev.weft.protocol.extension.ClientExtensionFactory;
import dev.weft.protocol.extension.Extension;
import dev.weft.protocol.extension.ServerExtensionFactory;
import dev.weft.protocol.handshake.ExtensionOffer;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.zip.Deflater;

/**
 * permessage-deflate (RFC 7692) for both roles, on {@code java.util.zip}, with the tuning ws
 * offers: compression level, a size threshold below which messages go uncompressed, no context
 * takeover for either side, and a pool of zlib contexts for the sides that reset them.
 *
 * <p><b>A limit of the JDK.</b> {@code java.util.zip.Deflater} always compresses with a
 * 32 KiB (15-bit) window and cannot be asked for less. So a server declines an offer that asks
 * it to compress with {@code server_max_window_bits} below 15 and considers the client's next
 * offer (RFC 7692 §7.1.2.1 lets it), and a client never offers {@code client_max_window_bits},
 * which would let the server demand a smaller window than weft can use. Inflating works for
 * every window size, so a peer's small window is no problem.
 *
 * <p><b>Publishing to many.</b> A message a server publishes to a topic is compressed once
 * for every subscriber whose connection shares its encoder: connections negotiated by this
 * factory (so one level, one threshold, the 15-bit window) whose server side resets its context
 * after each message, which {@link Builder#serverNoContextTakeover} imposes on every client (RFC
 * 7692 §7.1.1.1). Subscribers whose server side keeps its context (what browsers and ws ask for
 * unless told otherwise) cannot share compressed bytes, since each one's output depends on what
 * it sent before: they get the message uncompressed, encoded once for all of them.
 *
 * <p><b>Memory.</b> A side that keeps its compression context holds about 256 KiB of zlib
 * state per connection for the connection's life; 10,000 connections would hold 2.5 GiB. Where
 * that matters, configure no context takeover for the server's side (and ask it of clients):
 * each message then borrows a context from a shared pool, so idle connections hold none.
 */
public final class PerMessageDeflate implements ServerExtensionFactory, ClientExtensionFactory {
    private final int level;
    private final int threshold;
    private final boolean serverNoContextTakeover;
    private final boolean clientNoContextTakeover;
    private final ZlibPool pool;
    /** The encoder every server connection that resets its compressor shares: one compression per published message. */
    private final SharedDeflate shared;

    private PerMessageDeflate(Builder b) {
        this.level = b.level;
        this.threshold = b.threshold;
        this.serverNoContextTakeover = b.serverNoContextTakeover;
        this.clientNoContextTakeover = b.clientNoContextTakeover;
        this.pool = new ZlibPool(b.level, b.maxIdleContexts);
        this.shared = new SharedDeflate(pool, b.threshold);
    }

    /**
     * Level 6 (zlib's default), a 1 KiB threshold, context takeover on both sides.
     *
     * @return the default configuration
     */
    public static PerMessageDeflate defaults() {
        return builder().build();
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
     * zlib contexts in use in this process (not idle in a pool): zero once every connection has closed.
     *
     * @return the number of zlib contexts held by connections right now
     */
    public static int liveZlibContexts() {
        return ZlibPool.live();
    }

    /**
     * zlib contexts this factory keeps idle for reuse.
     *
     * @return the number of pooled contexts
     */
    public int idleZlibContexts() {
        return pool.idle();
    }

    @Override
    public String name() {
        return DeflateParameters.NAME;
    }

    // ---------------------------------------------------------------- server

    @Override
    public @Nullable Accepted acceptOffer(ExtensionOffer offer) {
        DeflateParameters p;
        try {
            p = DeflateParameters.parse(offer, false);
        } catch (IllegalArgumentException invalid) {
            return null; // §7.1: decline an offer with invalid parameters
        }
        if (p.serverMaxWindowBits() > 0 && p.serverMaxWindowBits() < 15) {
            return null; // the JDK cannot compress with a smaller window: decline, try the next offer
        }
        boolean serverReset = serverNoContextTakeover || p.serverNoContextTakeover();
        boolean clientReset = clientNoContextTakeover || p.clientNoContextTakeover();
        DeflateParameters response = new DeflateParameters(serverReset, clientReset, 0, 0);
        return new Accepted(response.toOffer(), new DeflateCodec(pool, serverReset, clientReset, threshold,
                serverReset ? shared : null));
    }

    // ---------------------------------------------------------------- client

    @Override
    public List<ExtensionOffer> offers() {
        return List.of(new DeflateParameters(serverNoContextTakeover, clientNoContextTakeover, 0, 0).toOffer());
    }

    @Override
    public Extension acceptResponse(ExtensionOffer response) {
        DeflateParameters p = DeflateParameters.parse(response, true);
        if (p.clientMaxWindowBits() != 0) {
            throw new IllegalArgumentException("server sent client_max_window_bits, which was not offered");
        }
        boolean clientReset = clientNoContextTakeover || p.clientNoContextTakeover();
        return new DeflateCodec(pool, clientReset, p.serverNoContextTakeover(), threshold, null);
    }

    /** Collects the tuning of permessage-deflate. */
    public static final class Builder {
        private int level = 6;
        private int threshold = 1024;
        private boolean serverNoContextTakeover;
        private boolean clientNoContextTakeover;
        private int maxIdleContexts = 64;

        private Builder() {
        }

        /**
         * The compression level, 0 (none) to 9 (best); 6 by default.
         *
         * @param level from 0 to 9
         * @return this builder
         */
        public Builder level(int level) {
            if (level < Deflater.NO_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
                throw new IllegalArgumentException("level must be 0 to 9: " + level);
            }
            this.level = level;
            return this;
        }

        /**
         * Messages shorter than this many bytes are sent uncompressed (1,024 by default, as ws).
         *
         * @param bytes the smallest message to compress, 0 to compress everything
         * @return this builder
         */
        public Builder threshold(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("threshold must not be negative");
            }
            this.threshold = bytes;
            return this;
        }

        /**
         * The server resets its compressor after each message (requested by a client, imposed by a server).
         *
         * @param on true to ask for (client) or impose (server) a fresh compressor per message on
         *     the server's side
         * @return this builder
         */
        public Builder serverNoContextTakeover(boolean on) {
            this.serverNoContextTakeover = on;
            return this;
        }

        /**
         * The client resets its compressor after each message (offered by a client, imposed by a server).
         *
         * @param on true to offer (client) or impose (server) a fresh compressor per message on the
         *     client's side
         * @return this builder
         */
        public Builder clientNoContextTakeover(boolean on) {
            this.clientNoContextTakeover = on;
            return this;
        }

        /**
         * How many reset zlib contexts the shared pool keeps for reuse (64 by default).
         *
         * @param max the most idle contexts to keep, 0 to keep none
         * @return this builder
         */
        public Builder maxIdleContexts(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxIdleContexts must not be negative");
            }
            this.maxIdleContexts = max;
            return this;
        }

        /**
         * Builds the factory; share one among many connections.
         *
         * @return the factory, usable on both the server and the client side
         */
        public PerMessageDeflate build() {
            return new PerMessageDeflate(this);
        }
    }
}
