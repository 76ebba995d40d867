package dev.weft.benchmarks.load;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The C programs the benchmark module builds from {@code src/main/c} (with gcc) into
 * {@code target/}, beside the benchmark jar: {@code wsload}, the load generator, and
 * {@code trivial-echo}, the C yardstick server.
 */
public final class NativeBinaries {
    private NativeBinaries() {
    }

    /**
     * The program built beside this class's jar (or classes folder), or a loud failure naming the fix.
     *
     * @param name the program's file name, as built
     * @return its path, executable
     */
    public static Path beside(String name) {
        try {
            Path here = Path.of(NativeBinaries.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path program = here.getParent().resolve(name);
            if (!Files.isExecutable(program)) {
                throw new IllegalStateException("no " + name + " at " + program + ": it is built from "
                        + "weft-benchmarks/src/main/c by the Maven build when gcc is installed "
                        + "(bin/install-test-deps installs it; then ./mvnw -pl weft-benchmarks package)");
            }
            return program;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
