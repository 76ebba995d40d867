package dev.weft.fuzz;

import dev.weft.protocol.Outbound;
import dev.weft.protocol.ProtocolConnection;
import dev.weft.protocol.ProtocolEvents;
import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.ProtocolLimits;
import dev.weft.protocol.Role;
import dev.weft.protocol.close.CloseHandshake;
import dev.weft.protocol.handshake.HandshakeRejection;
import dev.weft.protocol.handshake.ServerHandshake;
import dev.weft.protocol.http.HeadLimits;
import dev.weft.protocol.http.HttpHeadParser;
import dev.weft.protocol.http.HttpParseException;

import java.nio.ByteBuffer;

/**
 * Fuzz target: a whole server-side connection without sockets. The input is a request head
 * followed by frames, fed in pieces of sizes the input chooses: the head is parsed and
 * validated, and the bytes behind it go to a {@link ProtocolConnection} that also answers and
 * echoes. Oracle: only documented rejections; the connection's state stays consistent; output
 * stays bounded by the input (no amplification beyond a small factor).
 */
public final class ServerConnectionFuzz {
    private ServerConnectionFuzz() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length < 2) {
            return;
        }
        int piece = 1 + (data[0] & 0x3F);
        ByteBuffer input = ByteBuffer.wrap(data, 1, data.length - 1).slice();
        HttpHeadParser head = HttpHeadParser.forRequest(new HeadLimits(2048, 32, 1024));
        try {
            while (input.hasRemaining()) {
                ByteBuffer chunk = input.slice(input.position(), Math.min(piece, input.remaining()));
                boolean done = head.feed(chunk);
                input.position(input.position() + chunk.position());
                if (done) {
                    break;
                }
            }
            if (!head.isComplete()) {
                return;
            }
            ServerHandshake.validate(head.request());
        } catch (HttpParseException e) {
            Oracle.checkStatus(e);
            return;
        } catch (HandshakeRejection e) {
            return;
        }
        long[] written = {0};
        ProtocolConnection[] self = new ProtocolConnection[1];
        self[0] = ProtocolConnection.builder(Role.SERVER)
                .limits(ProtocolLimits.builder().maxMessageSize(1 << 16).build())
                .outbound(new Outbound() {
                    @Override
                    public void write(ByteBuffer frame, ByteBuffer payload) {
                        written[0] += frame.remaining() + (payload == null ? 0 : payload.remaining());
                    }

                    @Override
                    public void closeTransport() {
                    }
                })
                .events(new ProtocolEvents() {
                    @Override
                    public void onText(String text) {
                        if (self[0].state().canSend()) {
                            self[0].sendText(text);
                        }
                    }

                    @Override
                    public void onBinary(ByteBuffer data) {
                        if (self[0].state().canSend()) {
                            self[0].sendBinary(data);
                        }
                    }

                    @Override
                    public void onFailure(ProtocolException error) {
                        Oracle.checkCloseCode(error);
                    }
                }).build();
        ProtocolConnection conn = self[0];
        while (input.hasRemaining()) {
            ByteBuffer chunk = input.slice(input.position(), Math.min(piece, input.remaining()));
            conn.receive(chunk);
            if (chunk.hasRemaining()) {
                throw new AssertionError("connection left input unread without being paused");
            }
            input.position(input.position() + chunk.limit());
        }
        // Echoes, pongs and one close frame: never more than a few bytes per input byte.
        if (written[0] > 4L * data.length + 64) {
            throw new AssertionError("wrote " + written[0] + " bytes for " + data.length + " bytes of input");
        }
        if (conn.state() == CloseHandshake.CLOSED && conn.closeReceived() == null) {
            throw new AssertionError("closed without a close frame");
        }
    }
}
