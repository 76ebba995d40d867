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
 * <p><b>Every window, 8 to 15 bits.</b> {@code java.util.zip.Deflater} always compresses with a
 * 32 KiB (15-bit) window and cannot be asked for less; for a smaller window weft feeds zlib
 * slices of three quarters of the window behind the quarter before as a preset dictionary, so no
 * back-reference ever reaches past the window ({@code BoundedWindowDeflate}), and inflates
 * with the peer's window kept as the next message's dictionary. Both hold only the window's
 * bytes per connection; the zlib contexts come from the pool for each message. A server
 * accepts any server_max_window_bits a client asks for and can ask clients for a smaller
 * window ({@link Builder#clientMaxWindowBits}); a client offers client_max_window_bits and can
 * ask the server for a smaller window ({@link Builder#serverMaxWindowBits}), as ws's options do.
 *
 * <p><b>Publishing to many.</b> A message a server publishes to a topic is compressed once
 * for every subscriber whose connection shares its encoder: connections negotiated by this
 * factory (so one level, one threshold) whose server side resets its context and uses the 15-bit window
 * after each message, which {@link Builder#serverNoContextTakeover} imposes on every client (RFC
 * 7692 §7.1.1.1). Subscribers whose server side keeps its context (what browsers and ws ask for
 * unless told otherwise) cannot share compressed bytes, since each one's output depends on what
 * it sent before: they get the message uncompressed, encoded once for all of them.
 *
 * <p><b>Memory.</b> A side that keeps its compression context with the 15-bit window holds
 * zlib state per connection for the connection's life (about 256 KiB reserved for a deflater,
 * 39 KiB for an inflater; measured: 124 KiB of RSS per idle connection that compressed both
 * ways); 10,000 connections would hold over a gigabyte. Where that matters, choose a smaller
 * window ({@link Builder#serverMaxWindowBits}, {@link Builder#clientMaxWindowBits}: the
 * connection then keeps {@code 2^bits + 2^(bits-2)} bytes, 1.25 KiB at 10 bits, and no zlib
 * state, for about a third of zlib's speed) or no context takeover (each message borrows a pooled context; idle connections hold
 * none), at some cost in ratio (a 4 KiB JSON message: 673 bytes at 15 bits, 763 at 10).
 */
public final class PerMessageDeflate implements ServerExtensionFactory, ClientExtensionFactory {
    private final int level;
    private final int threshold;
    private final boolean serverNoContextTakeover;
    private final boolean clientNoContextTakeover;
    private final int serverMaxWindowBits;
    private final int clientMaxWindowBits;
    private final ZlibPool pool;
    /** The encoders server connections share, by their window's bits (8 to 15): one compression per published message and window. */
    private final SharedDeflate[] shared = new SharedDeflate[16];

    private PerMessageDeflate(Builder b) {
        this.level = b.level;
        this.threshold = b.threshold;
        this.serverNoContextTakeover = b.serverNoContextTakeover;
        this.clientNoContextTakeover = b.clientNoContextTakeover;
        this.serverMaxWindowBits = b.serverMaxWindowBits;
        this.clientMaxWindowBits = b.clientMaxWindowBits;
        this.pool = new ZlibPool(b.level, b.maxIdleContexts);
        for (int bits = 8; bits <= 15; bits++) {
            shared[bits] = new SharedDeflate(pool, b.threshold, bits);
        }
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

    /**
     * Accepts an offer: this server compresses with the smaller of its own
     * {@link Builder#serverMaxWindowBits} and what the client asks for, and tells the client
     * (server_max_window_bits) whenever that is below 15 or was asked for; it asks the client
     * for its {@link Builder#clientMaxWindowBits} (or less, if the client offered less), which
     * needs a client that offered client_max_window_bits: an offer without it is declined when
     * this server wants a window below 15, and the client's next offer is considered (as ws does).
     */
    @Override
    public @Nullable Accepted acceptOffer(ExtensionOffer offer) {
        DeflateParameters p;
        try {
            p = DeflateParameters.parse(offer, false);
        } catch (IllegalArgumentException invalid) {
            return null; // §7.1: decline an offer with invalid parameters
        }
        int serverBits = Math.min(serverMaxWindowBits, p.serverMaxWindowBits() > 0 ? p.serverMaxWindowBits() : 15);
        boolean clientCanBeLimited = p.clientMaxWindowBits() != 0;
        if (clientMaxWindowBits < 15 && !clientCanBeLimited) {
            return null; // cannot hold this client to a smaller window: decline, try its next offer
        }
        int clientBits = !clientCanBeLimited ? 15
                : Math.min(clientMaxWindowBits, p.clientMaxWindowBits() > 0 ? p.clientMaxWindowBits() : 15);
        boolean serverReset = serverNoContextTakeover || p.serverNoContextTakeover();
        boolean clientReset = clientNoContextTakeover || p.clientNoContextTakeover();
        DeflateParameters response = new DeflateParameters(serverReset, clientReset,
                serverBits < 15 || p.serverMaxWindowBits() > 0 ? serverBits : 0,
                clientBits < 15 || p.clientMaxWindowBits() > 0 ? clientBits : 0);
        // Every server connection with this window shares a published message's compressed bytes.
        return new Accepted(response.toOffer(), new DeflateCodec(pool, serverReset, clientReset, serverBits, clientBits,
                threshold, shared[serverBits]));
    }

    // ---------------------------------------------------------------- client

    /**
     * The client's offer: its no-context-takeover wishes, server_max_window_bits when
     * {@link Builder#serverMaxWindowBits} is below 15, and always client_max_window_bits (with
     * {@link Builder#clientMaxWindowBits} when below 15), so a server may ask for a smaller
     * client window.
     */
    @Override
    public List<ExtensionOffer> offers() {
        return List.of(new DeflateParameters(serverNoContextTakeover, clientNoContextTakeover,
                serverMaxWindowBits < 15 ? serverMaxWindowBits : 0, clientMaxWindowBits < 15 ? clientMaxWindowBits : -1)
                .toOffer());
    }

    /**
     * Reads the server's answer: the client compresses with the window the server names (no
     * more than it offered) and inflates the server's with the server's; a server that was
     * asked for a smaller window must answer with one no larger.
     */
    @Override
    public Extension acceptResponse(ExtensionOffer response) {
        DeflateParameters p = DeflateParameters.parse(response, true);
        if (p.clientMaxWindowBits() > clientMaxWindowBits) {
            throw new IllegalArgumentException("server asked for client_max_window_bits=" + p.clientMaxWindowBits()
                    + ", more than the " + clientMaxWindowBits + " offered");
        }
        if (serverMaxWindowBits < 15 && (p.serverMaxWindowBits() == 0 || p.serverMaxWindowBits() > serverMaxWindowBits)) {
            throw new IllegalArgumentException("server_max_window_bits=" + serverMaxWindowBits + " was asked for and the "
                    + "server answered " + (p.serverMaxWindowBits() == 0 ? "none" : "server_max_window_bits=" + p.serverMaxWindowBits()));
        }
        int clientBits = p.clientMaxWindowBits() > 0 ? p.clientMaxWindowBits() : clientMaxWindowBits;
        int serverBits = p.serverMaxWindowBits() > 0 ? p.serverMaxWindowBits() : 15;
        boolean clientReset = clientNoContextTakeover || p.clientNoContextTakeover();
        return new DeflateCodec(pool, clientReset, p.serverNoContextTakeover(), clientBits, serverBits, threshold, null);
    }

    /** Collects the tuning of permessage-deflate. */
    public static final class Builder {
        private int level = 6;
        private int threshold = 1024;
        private boolean serverNoContextTakeover;
        private boolean clientNoContextTakeover;
        private int maxIdleContexts = 64;
        private int serverMaxWindowBits = 15;
        private int clientMaxWindowBits = 15;

        private Builder() {
        }

        /**
         * The server's compression window, 8 to 15 bits (15 by default). On a server: the most it
         * compresses with (a client may ask for less); below 15 it keeps {@code 2^(bits-1)} bytes
         * per connection instead of zlib's 256 KiB, for a poorer ratio. On a client: asks the
         * server for this window (server_max_window_bits) when below 15, which also bounds what
         * the client keeps to inflate.
         *
         * @param bits 8 to 15
         * @return this builder
         */
        public Builder serverMaxWindowBits(int bits) {
            this.serverMaxWindowBits = windowBits(bits);
            return this;
        }

        /**
         * The client's compression window, 8 to 15 bits (15 by default). On a server: asked of
         * every client (client_max_window_bits) when below 15, so what the server keeps to
         * inflate each client's messages is {@code 2^bits} bytes instead of zlib's 39 KiB;
         * clients that cannot be asked are declined. On a client: the most it compresses with,
         * offered to the server.
         *
         * @param bits 8 to 15
         * @return this builder
         */
        public Builder clientMaxWindowBits(int bits) {
            this.clientMaxWindowBits = windowBits(bits);
            return this;
        }

        private static int windowBits(int bits) {
            if (bits < 8 || bits > 15) {
                throw new IllegalArgumentException("window bits must be 8 to 15: " + bits);
            }
            return bits;
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
