package dev.weft.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * weft's own conformance suite, organised like the Autobahn TestSuite's case groups and run
 * in both roles. Each case ends with a verdict: OK, NON-STRICT (allowed, but not what the RFC
 * prefers, such as failing invalid UTF-8 only at the end of a message) or FAILED. The verdicts
 * expected are committed in {@code src/test/resources/conformance/expected.txt}; a case whose
 * verdict changes fails the build. The report, one line per case with what was observed, goes
 * to {@code target/conformance-report.txt}.
 */
class ConformanceTest {
    private static final Map<String, String> REPORT = new TreeMap<>(ConformanceTest::byId);

    static List<Case> catalogue() {
        List<Case> all = new ArrayList<>();
        all.addAll(FramingCases.all());
        all.addAll(PingPongCases.all());
        all.addAll(ReservedCases.all());
        all.addAll(FragmentationCases.all());
        all.addAll(Utf8Cases.all());
        all.addAll(CloseCases.all());
        all.addAll(LimitsCases.all());
        all.addAll(DeflateCases.all());
        return all;
    }

    static Map<String, String> expected() throws IOException {
        Map<String, String> verdicts = new LinkedHashMap<>();
        try (InputStream in = ConformanceTest.class.getResourceAsStream("/conformance/expected.txt")) {
            assertThat(in).as("conformance/expected.txt").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                verdicts.put(f[0] + " " + f[1], f[2]);
            }
        }
        return verdicts;
    }

    @TestFactory
    Stream<DynamicContainer> bothRoles() throws Exception {
        Map<String, String> expected = expected();
        List<Case> cases = catalogue();
        return Stream.of("server", "client").map(role -> DynamicContainer.dynamicContainer("weft as " + role,
                cases.stream().filter(c -> c.appliesTo(role)).map(c -> DynamicTest.dynamicTest(c.id() + " " + c.description(), () -> {
                    String verdict = run(role, c);
                    assertThat(verdict).as("%s %s (expected verdict in conformance/expected.txt)", role, c.id())
                            .startsWith(expected.getOrDefault(role + " " + c.id(), "(none)") + " ");
                }))));
    }

    private static Harness harness(String role) throws IOException {
        return role.equals("server") ? new Harness.ServerRole() : new Harness.ClientRole();
    }

    private static final Map<String, Harness> HARNESSES = new LinkedHashMap<>();

    /** Runs one case and returns "VERDICT observed...", recording it for the report. */
    private static String run(String role, Case c) throws IOException {
        Harness h;
        synchronized (HARNESSES) {
            h = HARNESSES.get(role);
            if (h == null) {
                h = harness(role);
                HARNESSES.put(role, h);
            }
        }
        String verdict;
        Peer peer = null;
        try {
            if (c.body() == Case.REFUSED) {
                try {
                    peer = h.connect(c.id().hashCode(), c.extensions());
                    verdict = "FAILED weft accepted a handshake it had to refuse";
                } catch (java.util.concurrent.ExecutionException refused) {
                    verdict = "OK";
                    peer = null;
                }
            } else {
                peer = h.connect(c.id().hashCode(), c.extensions());
                c.body().run(peer);
                verdict = peer.isNonStrict() ? "NON-STRICT " + peer.nonStrictReason() : "OK";
            }
        } catch (Peer.Mismatch e) {
            verdict = "FAILED " + e.getMessage();
        } catch (Exception e) {
            verdict = "FAILED " + e;
        } finally {
            if (peer != null) {
                peer.close();
            }
        }
        String observed = peer == null ? "" : String.join(", ", peer.transcript());
        if (observed.length() > 300) {
            observed = observed.substring(0, 300) + "...";
        }
        String line = verdict + " | " + c.description() + " | observed: " + observed;
        synchronized (REPORT) {
            REPORT.put(role + " " + c.id(), line);
        }
        return line;
    }

    @AfterAll
    static void writeReport() throws Exception {
        for (Harness h : HARNESSES.values()) {
            h.close();
        }
        StringBuilder sb = new StringBuilder("# weft conformance report: role case verdict | description | observed\n");
        Map<String, Integer> counts = new TreeMap<>();
        REPORT.forEach((k, v) -> {
            sb.append(k).append(' ').append(v).append('\n');
            counts.merge(k.split(" ")[0] + " " + v.split(" ")[0], 1, Integer::sum);
        });
        sb.append("# totals: ").append(counts).append('\n');
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("conformance-report.txt"), sb.toString());
    }

    /** Orders "server 9.10.1" after "server 9.2.1": by role, then numerically by each part of the id. */
    private static int byId(String a, String b) {
        String[] x = a.split("[ .]");
        String[] y = b.split("[ .]");
        int c = x[0].compareTo(y[0]);
        for (int i = 1; c == 0 && i < Math.min(x.length, y.length); i++) {
            c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
        }
        return c != 0 ? c : Integer.compare(x.length, y.length);
    }
}
