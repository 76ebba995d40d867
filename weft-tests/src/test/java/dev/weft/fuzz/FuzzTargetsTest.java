package dev.weft.fuzz;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz targets, two ways. Every committed seed (including each crash ever found, kept as a
 * seed) runs in-process as a regression test. Then Jazzer fuzzes each target for a fixed time
 * in its own JVM: {@code -Dweft.fuzz.seconds=N} (10 by default; set it to 3600 for a real run:
 * {@code mvn -pl weft-tests test -Dtest=FuzzTargetsTest -Dweft.fuzz.seconds=3600}). A finding
 * leaves a reproducer under {@code target/fuzz/TARGET/} and fails the test with Jazzer's report.
 */
class FuzzTargetsTest {
    static final String[] TARGETS = {"FrameParserFuzz", "HttpHeadParserFuzz", "ExtensionHeaderFuzz", "ServerConnectionFuzz",
        "LegacyConnectionFuzz", "MemoryBudgetFuzz", "BoundedDeflateFuzz"};
    private static final Path SEEDS = Path.of("src", "test", "resources", "fuzz");

    @TestFactory
    Stream<DynamicTest> everySeedIsHandled() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String target : TARGETS) {
            Method entry;
            try {
                entry = Class.forName("dev.weft.fuzz." + target).getMethod("fuzzerTestOneInput", byte[].class);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(target, e);
            }
            try (Stream<Path> files = Files.list(SEEDS.resolve(target))) {
                for (Path seed : files.sorted().toList()) {
                    tests.add(DynamicTest.dynamicTest(target + " " + seed.getFileName(), () -> {
                        try {
                            entry.invoke(null, (Object) Files.readAllBytes(seed));
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }));
                }
            }
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(TARGETS.length);
        return tests.stream();
    }

    @ParameterizedTest(name = "jazzer {0}")
    @ValueSource(strings = {"FrameParserFuzz", "HttpHeadParserFuzz", "ExtensionHeaderFuzz", "ServerConnectionFuzz",
        "LegacyConnectionFuzz", "MemoryBudgetFuzz", "BoundedDeflateFuzz"})
    void jazzerFindsNothing(String target) throws Exception {
        int seconds = Integer.getInteger("weft.fuzz.seconds", 10);
        Path work = Path.of("target", "fuzz", target).toAbsolutePath();
        Path corpus = work.resolve("corpus");
        Files.createDirectories(corpus);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A bounded heap: libFuzzer's RSS limit measures the whole JVM, whose heap would otherwise
        // grow towards a quarter of the machine's memory before collecting.
        List<String> command = List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "com.code_intelligence.jazzer.Jazzer",
                "--target_class=dev.weft.fuzz." + target,
                "--instrumentation_includes=dev.weft.**",
                "--reproducer_path=" + work,
                "-artifact_prefix=" + work + "/",
                "-max_total_time=" + seconds,
                "-rss_limit_mb=2048",
                "-print_final_stats=1",
                corpus.toString(), SEEDS.resolve(target).toAbsolutePath().toString());
        // Run through a shell that forks it instead of starting it directly: Linux hands a process
        // started straight from this JVM (vfork, then exec) this JVM's peak RSS as its own, so
        // libFuzzer's RSS limit would measure the test JVM (gigabytes, after the tests with ten
        // thousand connections) rather than the fuzzer.
        List<String> forked = new java.util.ArrayList<>(List.of("/bin/sh", "-c", "\"$@\"; exit $?", "jazzer"));
        forked.addAll(command);
        Process p = new ProcessBuilder(forked).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(seconds + 120L, TimeUnit.SECONDS)).isTrue();
        Matcher done = Pattern.compile("Done (\\d+) runs in (\\d+) second").matcher(output);
        String summary = done.find() ? done.group(1) + " executions in " + done.group(2) + " s" : "no summary";
        System.out.println("fuzz " + target + ": " + summary);
        assertThat(p.exitValue()).as("jazzer on %s:%n%s", target, tail(output)).isZero();
        assertThat(summary).as(tail(output)).doesNotContain("no summary");
    }

    private static String tail(String s) {
        return s.length() <= 6000 ? s : s.substring(s.length() - 6000);
    }
}
