package dev.weft.conformance;

/**
 * One conformance case: a stable id in the Autobahn TestSuite's numbering where one exists
 * (weft's own cases are numbered from 20), what it checks, and what the peer does and expects.
 *
 * @param id          the case id, such as 5.19
 * @param description what the case sends and what weft must do
 * @param body        the peer's script
 */
record Case(String id, String description, Body body) {
    /** The peer's side of a case; returning normally means every expectation held. */
    @FunctionalInterface
    interface Body {
        void run(Peer peer) throws Exception;
    }
}
