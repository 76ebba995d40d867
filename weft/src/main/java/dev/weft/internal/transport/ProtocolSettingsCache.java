package dev.weft.internal.transport;

import dev.weft.WebSocketConfig;
import dev.weft.protocol.ProtocolSettings;
import dev.weft.protocol.Role;

import java.util.function.Supplier;

/**
 * One event loop's {@link ProtocolSettings}, by config (compared by identity: a server's
 * endpoints and a client keep theirs for good), role and lending choice. A handful are kept,
 * the oldest replaced first: a loop serves a few kinds of connection, and a config made afresh
 * for every connection only costs a settings object each, as it did before they were shared.
 */
final class ProtocolSettingsCache {
    private static final int SIZE = 8;

    private record Entry(WebSocketConfig config, Role role, boolean lend, ProtocolSettings settings) {
    }

    private final Entry[] entries = new Entry[SIZE];
    private int next;

    /** The settings for these keys, made by {@code make} the first time. */
    synchronized ProtocolSettings get(WebSocketConfig config, Role role, boolean lend, Supplier<ProtocolSettings> make) {
        for (Entry e : entries) {
            if (e != null && e.config == config && e.role == role && e.lend == lend) {
                return e.settings;
            }
        }
        ProtocolSettings made = make.get();
        entries[next] = new Entry(config, role, lend, made);
        next = (next + 1) % SIZE;
        return made;
    }
}
