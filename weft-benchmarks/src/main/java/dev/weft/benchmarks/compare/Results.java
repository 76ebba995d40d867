package dev.weft.benchmarks.compare;

import dev.weft.benchmarks.load.Figure;
import dev.weft.benchmarks.load.Measurement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every run's measurement, by scenario and server, and their medians. */
final class Results {
    private final Map<String, Map<String, List<Measurement>>> runs = new LinkedHashMap<>();
    private final Map<String, Map<String, List<String>>> failures = new LinkedHashMap<>();

    void add(String scenario, String server, Measurement m) {
        runs.computeIfAbsent(scenario, k -> new LinkedHashMap<>()).computeIfAbsent(server, k -> new ArrayList<>()).add(m);
    }

    void fail(String scenario, String server, String why) {
        failures.computeIfAbsent(scenario, k -> new LinkedHashMap<>()).computeIfAbsent(server, k -> new ArrayList<>()).add(why);
    }

    /** The servers with at least one good run of {@code scenario}, in the order they ran. */
    List<String> servers(String scenario) {
        return new ArrayList<>(runs.getOrDefault(scenario, Map.of()).keySet());
    }

    /** Why runs of {@code scenario} failed, by server. */
    Map<String, List<String>> failures(String scenario) {
        return failures.getOrDefault(scenario, Map.of());
    }

    /**
     * The median of each figure over the runs of {@code scenario} against {@code server}, and the
     * sum of their mismatches; empty if none ran.
     */
    Optional<Measurement> median(String scenario, String server) {
        List<Measurement> ms = runs.getOrDefault(scenario, Map.of()).getOrDefault(server, List.of());
        if (ms.isEmpty()) {
            return Optional.empty();
        }
        List<Figure> medians = new ArrayList<>();
        for (int i = 0; i < ms.get(0).figures().size(); i++) {
            int at = i;
            double[] values = ms.stream().mapToDouble(m -> m.figures().get(at).value()).sorted().toArray();
            double median = values.length % 2 == 1 ? values[values.length / 2]
                    : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
            Figure f = ms.get(0).figures().get(i);
            medians.add(new Figure(f.name(), median, f.higherIsBetter()));
        }
        return Optional.of(new Measurement(medians, ms.stream().mapToLong(Measurement::mismatches).sum()));
    }

    /** How many runs {@code server} completed in {@code scenario}. */
    int runCount(String scenario, String server) {
        return runs.getOrDefault(scenario, Map.of()).getOrDefault(server, List.of()).size();
    }
}
