package dev.weft.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * weft's own conformance suite, organised like the Autobahn TestSuite's case groups and run
 * in both roles. Each case ends with a verdict: OK, NON-STRICT (allowed, but not what the RFC
 * prefers, such as failing invalid UTF-8 only at the end of a message) or FAILED. The verdicts
 * expected are committed in {@code src/test/resources/conformance/expected.txt}; a case whose
 * verdict changes fails the build. The report, one line per case with what was observed, goes
 * to {@code target/conformance-report.txt}. The servlet containers' modules run the server role
 * again through their container ({@link ConformanceRun#ofServerAt}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceTest {
    private ConformanceRun run;

    @TestFactory
    Stream<org.junit.jupiter.api.DynamicContainer> bothRoles() throws Exception {
        run = ConformanceRun.ofWeftInBothRoles();
        return run.tests();
    }

    @AfterAll
    void writeReport() throws Exception {
        run.writeReport(Path.of("target", "conformance-report.txt"));
        run.close();
    }
}
