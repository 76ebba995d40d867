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
    /** Not bound to any connection until {@link #bind}. */
    final FrameParser parser = new FrameParser(Role.SERVER, ProtocolLimits.defaults());
    final MessageAssembler assembler = new MessageAssembler();

    /** A control frame's payload as it arrives; made on the first one. */
    private byte[] control;
    /** The control frame being read, or null while a data frame is. */
    private Opcode controlOpcode;
    private int controlLength;

    /**
     * The settings the parser was last set up for: connections of one loop mostly share theirs,
     * so a reception lent from one to the next is set up again only when they differ (a lend
     * happens for every read, and setting the parser up costs as much as parsing a small frame).
     */
    private ProtocolSettings setUpFor;

    /** Readies this reception for a connection's frames; it holds no frame or message (it is new, or was idle when given back). */
    void bind(ProtocolSettings settings, int allowedRsv, ProtocolEvents events, ExtensionChain extensions,
              MemoryBudget memory) {
        if (settings != setUpFor) {
            parser.reset(settings.role, settings.limits);
            assembler.configure(settings.limits, settings.assemble, settings.lend ? settings.pool : null);
            setUpFor = settings;
        }
        parser.allowRsv(allowedRsv);
        assembler.bind(events, extensions, memory);
        controlOpcode = null;
    }

    /** Lets go of the connection it served (its settings, shared and long-lived, stay). */
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
            control = new byte[ProtocolConnection.MAX_CONTROL_PAYLOAD];
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
