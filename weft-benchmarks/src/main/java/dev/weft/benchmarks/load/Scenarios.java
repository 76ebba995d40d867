package dev.weft.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmark's scenarios, by name, in the order the report lists them. */
public final class Scenarios {
    private Scenarios() {
    }

    /**
     * Every scenario, each measuring for {@code measure} after its warm-up.
     *
     * @param measure     how long each throughput or latency scenario measures
     * @param connections how many connections the memory and broadcast scenarios hold (10,000 in the report)
     */
    public static Map<String, Scenario> all(Duration measure, int connections) {
        Map<String, Scenario> all = new LinkedHashMap<>();
        add(all, new EchoThroughput("small", 100, 16, 32, false, false, measure));
        add(all, new EchoThroughput("large", 16, 2, 64 * 1024, true, false, measure));
        add(all, new EchoThroughput("huge", 4, 2, 1024 * 1024, true, false, measure));
        add(all, new FixedRateLatency(100, 20_000, measure));
        add(all, new HandshakeRate(32, measure));
        add(all, new IdleMemory(connections, false));
        add(all, new BroadcastRate("broadcast", connections, 32, false, measure));
        add(all, new EchoThroughput("small-deflate", 100, 16, 32, false, true, measure));
        add(all, new EchoThroughput("large-deflate", 16, 2, 64 * 1024, true, true, measure));
        // Above every server's compression threshold (ws and weft skip messages under 1 KiB), so all compress.
        add(all, new EchoThroughput("medium-deflate", 50, 4, 4096, false, true, measure));
        add(all, new BroadcastRate("publish-deflate", Math.max(1, connections / 10), 4096, true, measure));
        add(all, new SubscriptionMemory(connections, 10));
        // A fifth as many: the load generator keeps each connection's compression state too.
        add(all, new IdleMemory(Math.max(1, connections / 5), true));
        return all;
    }

    /**
     * Whether a scenario is weft's own (topics), run only by the servers that name it rather
     * than by every server that runs all scenarios.
     */
    public static boolean onlyWhenNamed(String name) {
        return name.equals("publish-deflate") || name.equals("subscriptions");
    }

    /**
     * The scenarios of {@code all} with these names, in the order given.
     *
     * @throws IllegalArgumentException naming the scenarios there are, if a name is not one
     */
    public static List<Scenario> named(Map<String, Scenario> all, List<String> names) {
        List<Scenario> chosen = new ArrayList<>();
        for (String name : names) {
            Scenario s = all.get(name);
            if (s == null) {
                throw new IllegalArgumentException("no scenario " + name + "; have " + all.keySet());
            }
            chosen.add(s);
        }
        return chosen;
    }

    /** Whether a scenario offers permessage-deflate (only servers that support it run it). */
    public static boolean compresses(String name) {
        return name.endsWith("-deflate");
    }

    private static void add(Map<String, Scenario> all, Scenario s) {
        all.put(s.name(), s);
    }
}
