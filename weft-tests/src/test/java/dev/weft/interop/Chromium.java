package dev.weft.interop;

import dev.weft.testing.PeerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Debian's headless Chromium, started the way this machine needs it (no sandbox, no background networking). */
public final class Chromium {
    private Chromium() {
    }

    /** Opens {@code url} in a fresh profile; extra flags (such as a trusted SPKI) come first. */
    public static PeerProcess open(String url, String... flags) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory("weft-chromium")));
        cmd.addAll(List.of(flags));
        cmd.add(url);
        return PeerProcess.start(cmd.toArray(new String[0]));
    }
}
