package dev.weft.protocol.frame;

import dev.weft.protocol.Role;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Writes RFC 6455 frame headers (§5.2) and, where asked, whole frames. A server's frames are
 * unmasked, so a large payload can follow its header in the same gathering write without being
 * copied; a client's frames are masked with a fresh key from the {@link MaskSource} for every
 * frame (§5.3), which means copying the payload, since the caller's bytes must stay as they were.
 *
 * <p>Not thread-safe; one per connection.
 */
public final class FrameEncoder {
    /** The longest header: two bytes, an eight-byte length and a four-byte mask key. */
    public static final int MAX_HEADER_SIZE = 14;

    /** A server's encoder holds no state, so every server connection shares this one. */
    private static final FrameEncoder SERVER = new FrameEncoder(Role.SERVER, null);

    private final boolean masking;
    private final MaskSource masks;

    /**
     * The encoder for {@code role}: the shared server one, or a new client one drawing keys from {@code masks}.
     *
     * @param role which side this encoder writes for
     * @param masks where a client's masking keys come from; ignored for a server
     * @return an encoder for that side
     */
    public static FrameEncoder of(Role role, MaskSource masks) {
        return role == Role.SERVER ? SERVER : new FrameEncoder(role, masks);
    }

    /**
     * @param role  this side's role; a client masks
     * @param masks the key source, required for a client and ignored for a server
     */
    public FrameEncoder(Role role, MaskSource masks) {
        this.masking = role == Role.CLIENT;
        this.masks = masking ? Objects.requireNonNull(masks, "a client needs a MaskSource") : null;
    }

    /**
     * Whether this encoder masks its frames (it is a client's).
     *
     * @return true for a client's encoder
     */
    public boolean masks() {
        return masking;
    }

    /**
     * The header size for a payload of {@code length} bytes, with this encoder's masking.
     *
     * @param length the payload's length in bytes
     * @return the header's length in bytes: 2 to 14
     */
    public int headerSize(long length) {
        int base = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        return masking ? base + 4 : base;
    }

    /**
     * Writes a frame header at {@code dst}'s position, advancing it.
     *
     * @param dst where to write; must have room for {@link #headerSize} bytes
     * @param fin whether this frame ends its message
     * @param rsv the reserved bits as a number 0–7 (see {@link FrameParser#RSV1})
     * @param opcode the frame's opcode
     * @param length the payload's length in bytes
     * @return the masking key written into the header, which the caller must apply to the payload
     *     with {@link Masking}; 0 for a server, where masking with 0 changes nothing
     */
    public int writeHeader(ByteBuffer dst, boolean fin, int rsv, Opcode opcode, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        int maskBit = masking ? 0x80 : 0;
        dst.put((byte) ((fin ? 0x80 : 0) | (rsv << 4) | opcode.code()));
        if (length < 126) {
            dst.put((byte) (maskBit | length));
        } else if (length <= 0xFFFF) {
            dst.put((byte) (maskBit | 126));
            dst.putShort((short) length);
        } else {
            dst.put((byte) (maskBit | 127));
            dst.putLong(length);
        }
        if (!masking) {
            return 0;
        }
        int key = masks.nextMask();
        dst.putInt(key);
        return key;
    }

    /**
     * Writes a whole frame, header and payload, at {@code dst}'s position, masking the copy of
     * the payload if this is a client's encoder. {@code payload}'s position is not moved.
     *
     * @param dst where to write; must have room for the header and the payload
     * @param fin whether this frame ends its message
     * @param rsv the reserved bits as a number 0–7
     * @param opcode the frame's opcode
     * @param payload the bytes between its position and limit
     */
    public void writeFrame(ByteBuffer dst, boolean fin, int rsv, Opcode opcode, ByteBuffer payload) {
        int key = writeHeader(dst, fin, rsv, opcode, payload.remaining());
        int start = dst.position();
        int n = payload.remaining();
        dst.put(start, payload, payload.position(), n);
        dst.position(start + n);
        Masking.mask(dst, start, start + n, key, 0);
    }
}
