package dev.weft.interop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The weft command run as a user runs it (the jar, as a process), with what it printed kept apart by stream. */
final class WeftCommand {
    static final Path CLI_JAR = Path.of(System.getProperty("user.dir")).resolveSibling("weft-cli")
            .resolve("target").resolve("weft.jar");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private WeftCommand() {
    }

    /** What one run printed, and how it ended. */
    record Run(int status, String out, List<String> err) {
        /** The one line on stderr, which must carry no stack trace. */
        String errorLine() {
            assertThat(err).as("stderr: one line, no stack trace").hasSize(1);
            assertThat(err.get(0)).doesNotContain("Exception").doesNotContain("\tat ");
            return err.get(0);
        }
    }

    /** Runs {@code weft ARGS} with {@code stdin} as its input, in {@code dir} for its stderr file. */
    static Run run(Path dir, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", CLI_JAR.toString()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("weft " + String.join(" ", args) + " finished").isTrue();
        List<String> errLines = Files.readAllLines(err).stream().filter(l -> !l.isBlank()).toList();
        return new Run(p.exitValue(), out, errLines);
    }
}
