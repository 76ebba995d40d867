package dev.weft.internal.transport;

import java.nio.ByteBuffer;

import dev.weft.protocol.http.RequestHead;
import dev.weft.protocol.http.ResponseHead;

/**
 * What a {@link WebSocketSession} needs only now and then: the opening handshake (until onOpen
 * returns, unless kept), the close timer, the code it failed with, pings waiting for their
 * pong, the answer to a ping while it is on its way, its dealings with the memory budget. Made the first time one is needed and let go when
 * none is, so an idle connection pays one null field for all of them. Loop thread, except the
 * handshake fields, which the application may read from any thread.
 */
final class SessionExtras {
    /** The opening request: until onOpen returns, or for good if the server keeps requests. */
    volatile RequestHead handshakeRequest;
    /** A client's 101 response: until onOpen returns, or for good if kept. */
    volatile ResponseHead handshakeResponse;
    /** Whether {@link #handshakeResponse} stays after onOpen. */
    boolean keepResponse;
    /** Drops the connection if the peer does not close in time; set once a close is expected. */
    Timer closeTimer;
    /** The close code this side failed the connection with, for onClose when no close frame came. */
    int failedWithCode;
    /** Made the first time the connection is refused memory. */
    MemoryWait memoryWait;
    /** Pings waiting for their pong (the application's and the keepalive's); null while none waits. */
    PendingPings pendingPings;
    /** How many answers to pings are queued and not yet written. */
    int pingAnswersUnwritten;
    /** The answer to the latest ping that came while the most answers allowed were unwritten (a pooled frame), or null. */
    ByteBuffer heldPingAnswer;

    /** Whether nothing here is worth keeping the object for. */
    boolean isEmpty() {
        return handshakeRequest == null && handshakeResponse == null && closeTimer == null && failedWithCode == 0
                && memoryWait == null && pendingPings == null && pingAnswersUnwritten == 0 && heldPingAnswer == null;
    }
}
