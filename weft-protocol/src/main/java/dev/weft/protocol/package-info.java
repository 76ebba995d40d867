/**
 * The RFC 6455 connection as a state machine: {@link dev.weft.protocol.ProtocolConnection} takes
 * bytes and calls, and answers through {@link dev.weft.protocol.ProtocolEvents} and {@link
 * dev.weft.protocol.Outbound}; limits, buffer pools and memory budgets are given to it. Everything
 * here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.weft.protocol;

import org.jspecify.annotations.NullMarked;
