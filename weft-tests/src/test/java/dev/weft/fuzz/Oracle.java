package dev.weft.fuzz;

import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.http.HttpParseException;

import java.util.Set;

/** What counts as a correct rejection: the close codes and HTTP statuses the design documents. */
final class Oracle {
    private static final Set<Integer> CLOSE_CODES = Set.of(1002, 1007, 1008, 1009, 1010);
    private static final Set<Integer> STATUSES = Set.of(400, 414, 431, 505);

    private Oracle() {
    }

    static void checkCloseCode(ProtocolException e) {
        if (!CLOSE_CODES.contains(e.closeCode())) {
            throw new AssertionError("undocumented close code " + e.closeCode(), e);
        }
    }

    static void checkStatus(HttpParseException e) {
        if (!STATUSES.contains(e.status())) {
            throw new AssertionError("undocumented status " + e.status(), e);
        }
    }
}
