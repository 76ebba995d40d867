package dev.weft.protocol;

import dev.weft.protocol.extension.ExtensionChain;
import dev.weft.protocol.frame.FrameParser;
import dev.weft.protocol.frame.Opcode;

import java.nio.ByteBuffer;

/**
 * What a connection needs only while a frame or message is arriving: the parser, the message
 * assembler and the control frame being read. Connections that share a {@link ReceptionPool}
 * borrow one when bytes arrive and give it back between messages, so an idle connection holds
 * none of it.
 */
final class Reception {
    private static final int MAX_CONTROL_PAYLOAD = 125;

    /** Not bound to any connection until {@link #bind}. */
    final FrameParser parser = new FrameParser(Role.SERVER, ProtocolLimits.defaults());
    final MessageAssembler assembler = new MessageAssembler();

    /** A control frame's payload as it arrives; made on the first one. */
    private byte[] control;
    /** The control frame being read, or null while a data frame is. */
    private Opcode controlOpcode;
    private int controlLength;

    /** Readies this reception for a connection's frames. */
    void bind(Role role, ProtocolLimits limits, int allowedRsv, boolean assemble, ProtocolEvents events,
              ExtensionChain extensions, MemoryBudget memory, BufferPool lendFrom) {
        parser.reset(role, limits);
        parser.allowRsv(allowedRsv);
        assembler.bind(limits, assemble, events, extensions, memory, lendFrom);
        controlOpcode = null;
    }

    /** Lets go of the connection it served. */
    void unbind() {
        assembler.unbind();
    }

    /** Whether nothing is in progress: no frame half read, no message open. */
    boolean isIdle() {
        return parser.isIdle() && assembler.isIdle();
    }

    /** A control frame starts: its payload (at most 125 bytes) is collected here. */
    void startControl(Opcode opcode) {
        controlOpcode = opcode;
        controlLength = 0;
        if (control == null) {
            control = new byte[MAX_CONTROL_PAYLOAD];
        }
    }

    /** A data frame starts: payload goes to the assembler. */
    void startData() {
        controlOpcode = null;
    }

    /** Whether the frame being read is a control frame. */
    boolean readingControl() {
        return controlOpcode != null;
    }

    /** The control frame's opcode, while one is read. */
    Opcode controlOpcode() {
        return controlOpcode;
    }

    /** Appends a piece of the control frame's payload. */
    void appendControl(ByteBuffer payload) {
        int n = payload.remaining();
        payload.get(payload.position(), control, controlLength, n);
        controlLength += n;
    }

    /** The control frame's payload so far, as an array and a length. */
    byte[] control() {
        return control;
    }

    int controlLength() {
        return controlLength;
    }
}
