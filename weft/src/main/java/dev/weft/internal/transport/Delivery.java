package dev.weft.internal.transport;

/** What became of one published message at one subscriber. */
enum Delivery {
    /** Queued on the connection. */
    QUEUED,
    /** Left out: the slow-subscriber policy, the connection's hard cap, or a send it could not interleave with. */
    SKIPPED,
    /** The connection was closed for being too slow. */
    CLOSED,
    /** The connection is closing or closed: not counted. */
    GONE
}
