package dev.weft.conformance;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;

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
 * One run of weft's conformance suite against a set of harnesses (weft as server, weft as
 * client, or a weft server inside someone else's server): JUnit dynamic tests, one per case and
 * role, each checking its verdict against the committed {@code conformance/expected.txt}, and a
 * report of every verdict with what was observed. A weft server reached through a servlet
 * container must earn exactly the verdicts of weft's own server.
 */
public final class ConformanceRun implements AutoCloseable {
    private final Map<String, Harness> harnesses = new LinkedHashMap<>();
    private final Map<String, String> report = new TreeMap<>(ConformanceRun::byId);

    private ConformanceRun() {
    }

    /**
     * weft's own server and client, each against the suite's raw-socket peer.
     *
     * @return the run, ready for {@link #tests()}
     * @throws IOException if weft's server cannot start
     */
    public static ConformanceRun ofWeftInBothRoles() throws IOException {
        ConformanceRun run = new ConformanceRun();
        run.harnesses.put("server", new Harness.ServerRole());
        run.harnesses.put("client", new Harness.ClientRole());
        return run;
    }

    /**
     * A weft echo server at {@code host:port}, upgraded at {@code path}, that someone else
     * started, with permessage-deflate accepted as {@link #serverDeflate()} configures it.
     *
     * @param host the server's host
     * @param port the server's port
     * @param path the request path of its echo endpoint
     * @return the run, ready for {@link #tests()}, with the server role's expected verdicts
     */
    public static ConformanceRun ofServerAt(String host, int port, String path) {
        ConformanceRun run = new ConformanceRun();
        run.harnesses.put("server", new Harness.RemoteServer(host, port, path));
        return run;
    }

    /**
     * The permessage-deflate settings the suite's server cases expect (every message compressed).
     *
     * @return the extension to give the server under test
     */
    public static dev.weft.protocol.deflate.PerMessageDeflate serverDeflate() {
        return Harness.SERVER_DEFLATE;
    }

    /**
     * One container of tests per role, one test per case.
     *
     * @return the tests
     * @throws IOException if the expected verdicts cannot be read
     */
    public Stream<DynamicContainer> tests() throws IOException {
        Map<String, String> expected = expected();
        List<Case> cases = catalogue();
        return harnesses.keySet().stream().map(role -> DynamicContainer.dynamicContainer("weft as " + role,
                cases.stream().filter(c -> c.appliesTo(role)).map(c -> DynamicTest.dynamicTest(c.id() + " " + c.description(), () -> {
                    String verdict = run(role, c);
                    assertThat(verdict).as("%s %s (expected verdict in conformance/expected.txt)", role, c.id())
                            .startsWith(expected.getOrDefault(role + " " + c.id(), "(none)") + " ");
                }))));
    }

    /**
     * Writes one line per case run ({@code role case verdict | description | observed}) and the totals.
     *
     * @param file where the report goes
     * @throws IOException if it cannot be written
     */
    public void writeReport(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("# weft conformance report: role case verdict | description | observed\n");
        Map<String, Integer> counts = new TreeMap<>();
        synchronized (report) {
            report.forEach((k, v) -> {
                sb.append(k).append(' ').append(v).append('\n');
                counts.merge(k.split(" ")[0] + " " + v.split(" ")[0], 1, Integer::sum);
            });
        }
        sb.append("# totals: ").append(counts).append('\n');
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, sb.toString());
    }

    /** Stops the servers and clients the run started. */
    @Override
    public void close() throws Exception {
        for (Harness h : harnesses.values()) {
            h.close();
        }
    }

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
        try (InputStream in = ConformanceRun.class.getResourceAsStream("/conformance/expected.txt")) {
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

    /** Runs one case and returns "VERDICT observed...", recording it for the report. */
    private String run(String role, Case c) throws IOException {
        Harness h = harnesses.get(role);
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
        synchronized (report) {
            report.put(role + " " + c.id(), line);
        }
        return line;
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
