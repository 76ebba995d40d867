package dev.weft.cluster.redis;

import dev.weft.MessageType;

import java.nio.ByteBuffer;

/**
 * A topic message as it crosses Redis: a version byte, the message type, the publishing node's
 * id (so a node drops its own messages, which Redis sends back to it as to every subscriber),
 * then the payload as it was published.
 *
 * <pre>
 * [1: version = 1][1: type, 1 text / 2 binary][16: node id][payload ...]
 * </pre>
 */
final class Envelope {
    static final int VERSION = 1;
    static final int NODE_ID_LENGTH = 16;
    static final int HEADER = 2 + NODE_ID_LENGTH;

    private Envelope() {
    }

    static byte[] encode(byte[] nodeId, MessageType type, ByteBuffer payload) {
        byte[] out = new byte[HEADER + payload.remaining()];
        out[0] = VERSION;
        out[1] = (byte) (type == MessageType.TEXT ? 1 : 2);
        System.arraycopy(nodeId, 0, out, 2, NODE_ID_LENGTH);
        payload.duplicate().get(out, HEADER, payload.remaining());
        return out;
    }

    /** Whether {@code message} is well formed and of a version this node reads. */
    static boolean readable(byte[] message) {
        return message.length >= HEADER && message[0] == VERSION && (message[1] == 1 || message[1] == 2);
    }

    static boolean from(byte[] message, byte[] nodeId) {
        return java.util.Arrays.equals(message, 2, 2 + NODE_ID_LENGTH, nodeId, 0, NODE_ID_LENGTH);
    }

    static MessageType type(byte[] message) {
        return message[1] == 1 ? MessageType.TEXT : MessageType.BINARY;
    }

    static ByteBuffer payload(byte[] message) {
        return ByteBuffer.wrap(message, HEADER, message.length - HEADER);
    }
}
