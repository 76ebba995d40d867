package dev.weft;

/**
 * A snapshot of a server's (or client's) {@link MemoryBudgets}: what is held now, and what was
 * refused since it started.
 *
 * @param inboundBytes      bytes held in messages not yet handed to listeners
 * @param inboundBudget     the inbound budget
 * @param outboundBytes     bytes held in send queues (a broadcast frame counted once)
 * @param outboundBudget    the outbound budget
 * @param waitingForMemory  connections not being read until inbound memory is given back
 * @param inboundTimeouts   connections closed with 1013 after waiting too long for inbound memory
 * @param outboundRefusals  sends refused because the outbound budget was spent
 * @param broadcastSkips    broadcast deliveries skipped because a peer's queue was full or the
 *                          outbound budget was spent
 * @param oversizedDiscards messages dropped for being over the message or frame limit, with
 *                          {@code WebSocketConfig.Builder.oversizedMessages(DISCARD)}: never held,
 *                          their connections kept
 */
public record MemoryStats(long inboundBytes, long inboundBudget, long outboundBytes, long outboundBudget,
                          int waitingForMemory, long inboundTimeouts, long outboundRefusals, long broadcastSkips,
                          long oversizedDiscards) {
}
