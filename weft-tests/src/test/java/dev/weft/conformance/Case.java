package dev.weft.conformance;

/**
 * One conformance case: a stable id in the Autobahn TestSuite's numbering where one exists
 * (weft's own cases are numbered from 20), what it checks, and what the peer does and expects.
 *
 * @param id          the case id, such as 5.19
 * @param description what the case sends and what weft must do
 * @param extensions  the Sec-WebSocket-Extensions the peer offers (weft as server) or answers
 *                    with (weft as client), or {@code null} for none
 * @param role        "server" or "client" for a case that applies to one role only, else {@code null}
 * @param body        the peer's script, or {@link #REFUSED} when weft must refuse the handshake
 */
record Case(String id, String description, String extensions, String role, Body body) {
    /** A case without extensions, for both roles. */
    Case(String id, String description, Body body) {
        this(id, description, null, null, body);
    }

    /** A case for both roles. */
    Case(String id, String description, String extensions, Body body) {
        this(id, description, extensions, null, body);
    }

    /** Whether the case applies when weft plays {@code weftRole} ("server" or "client"). */
    boolean appliesTo(String weftRole) {
        return role == null || role.equals(weftRole);
    }

    /** A case whose opening handshake weft must refuse: the body is not run. */
    static final Body REFUSED = peer -> {
        throw new Peer.Mismatch("weft accepted a handshake it had to refuse");
    };

    /** The peer's side of a case; returning normally means every expectation held. */
    @FunctionalInterface
    interface Body {
        void run(Peer peer) throws Exception;
    }
}
