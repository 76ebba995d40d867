package dev.weft.cluster.redis;

import dev.weft.testing.PeerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Redis Cluster of three masters, with or without a replica each, for a test:
 * redis-server processes in cluster mode on free loopback ports (each port + 10000 free too, for
 * the cluster bus), joined with {@code redis-cli --cluster create}, nothing kept on disk but
 * their cluster files in a temporary folder. With replicas, a node that stops answering for two
 * seconds is failed over.
 */
final class RedisClusterProcesses implements AutoCloseable {
    /** Every node's port, masters first as created (a failover changes who is master). */
    final List<Integer> ports = new ArrayList<>();
    private final Map<Integer, PeerProcess> servers = new java.util.HashMap<>();
    private final Path dir;
    private final int replicas;

    RedisClusterProcesses() throws Exception {
        this(0);
    }

    /** A cluster of three masters with {@code replicas} replicas each (0 or 1). */
    RedisClusterProcesses(int replicas) throws Exception {
        this.replicas = replicas;
        dir = Files.createTempDirectory("weft-redis-cluster");
        for (int i = 0; i < 3 * (1 + replicas); i++) {
            int port = freePortWithBusPort();
            ports.add(port);
            start(port);
        }
        List<String> create = new ArrayList<>(List.of("/usr/bin/redis-cli", "--cluster", "create"));
        for (int port : ports) {
            create.add("127.0.0.1:" + port);
        }
        create.addAll(List.of("--cluster-replicas", String.valueOf(replicas), "--cluster-yes"));
        try (PeerProcess cli = PeerProcess.start(create.toArray(new String[0]))) {
            assertThat(cli.await(60)).as("redis-cli --cluster create:\n%s", cli.output()).isZero();
        }
        for (int port : ports) {
            awaitClusterOk(port);
        }
        // A replica that never synced with its master may not take over from it.
        for (int port : ports) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String info;
            while (!(info = onNode(port, c -> c.info("replication"))).contains("role:master")
                    && !info.contains("master_link_status:up")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("replica on " + port + " not in sync within 30 s:\n" + info);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Starts (or starts again, keeping its cluster file: it rejoins) the node on {@code port}. */
    void start(int port) throws Exception {
        List<String> args = new ArrayList<>(List.of("/usr/bin/redis-server", "--port", String.valueOf(port), "--bind",
                "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf", "--dir",
                dir.toString(), "--save", "", "--appendonly", "no", "--protected-mode", "no"));
        if (replicas > 0) {
            // Without replicas nothing can take over, and a short timeout would only mark a busy node failed.
            args.addAll(List.of("--cluster-node-timeout", "2000", "--repl-diskless-sync-delay", "0"));
        }
        PeerProcess p = PeerProcess.start(args.toArray(new String[0]));
        servers.put(port, p);
        p.awaitLine(l -> l.contains("Ready to accept connections"), 20);
    }

    /** Kills the node on {@code port} at once, as a crash would. */
    void kill(int port) {
        servers.remove(port).close();
    }

    /** The port of the master that serves {@code slot} now, by the masters' own CLUSTER SLOTS; -1 if none does. */
    int ownerOf(int slot) {
        for (int port : servers.keySet()) {
            try {
                if (ownsSlot(port, slot)) {
                    return port;
                }
            } catch (RuntimeException unreachable) {
                // a node still starting, or one that died: ask the others
            }
        }
        return -1;
    }

    String seedUri() {
        return "redis://127.0.0.1:" + ports.get(0);
    }

    /**
     * Moves a hash slot (holding no keys) from the master that owns it to another, as a
     * resharding does: importing on the new owner, migrating on the old, then the new owner
     * named on every master.
     *
     * @return the port of the master that owns the slot now
     */
    int moveSlot(int slot) {
        int from = -1;
        int to = -1;
        Map<Integer, String> ids = new java.util.HashMap<>();
        for (int port : ports) {
            ids.put(port, onNode(port, c -> c.clusterMyId()));
            if (ownsSlot(port, slot)) {
                from = port;
            } else if (to < 0) {
                to = port;
            }
        }
        assertThat(from).as("a master owns slot " + slot).isPositive();
        int source = from;
        int target = to;
        setSlot(target, c -> c.clusterSetSlotImporting(slot, ids.get(source)));
        setSlot(source, c -> c.clusterSetSlotMigrating(slot, ids.get(target)));
        setSlot(target, c -> c.clusterSetSlotNode(slot, ids.get(target)));
        setSlot(source, c -> c.clusterSetSlotNode(slot, ids.get(target)));
        for (int port : ports) {
            if (port != source && port != target) {
                setSlot(port, c -> c.clusterSetSlotNode(slot, ids.get(target)));
            }
        }
        return target;
    }

    private static void setSlot(int port, java.util.function.Function<RedisCommands<String, String>, String> command) {
        String answer = onNode(port, command);
        assertThat(answer).as("CLUSTER SETSLOT on " + port).isEqualTo("OK");
    }

    /** Whether the master on {@code port} serves {@code slot}, by its own CLUSTER SLOTS. */
    private static boolean ownsSlot(int port, int slot) {
        String me = "127.0.0.1:" + port;
        for (Object range : onNode(port, c -> c.clusterSlots())) {
            List<?> r = (List<?>) range;
            long first = (Long) r.get(0);
            long last = (Long) r.get(1);
            List<?> master = (List<?>) r.get(2);
            if (first <= slot && slot <= last && me.equals(master.get(0) + ":" + master.get(1))) {
                return true;
            }
        }
        return false;
    }

    /** Runs one command on the Redis at {@code port}. */
    static <T> T onNode(int port, java.util.function.Function<RedisCommands<String, String>, T> command) {
        RedisClient c = RedisClient.create("redis://127.0.0.1:" + port);
        try (StatefulRedisConnection<String, String> conn = c.connect()) {
            return command.apply(conn.sync());
        } finally {
            c.shutdown();
        }
    }

    private static void awaitClusterOk(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String info = "";
        while (System.nanoTime() < deadline) {
            try (PeerProcess cli = PeerProcess.start("/usr/bin/redis-cli", "-p", String.valueOf(port), "cluster", "info")) {
                cli.await(10);
                info = cli.output();
            }
            if (info.contains("cluster_state:ok")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("cluster on " + port + " not ok within 30 s:\n" + info);
    }

    /** A free port whose cluster bus port (+10000) is free as well. */
    private static int freePortWithBusPort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0)) {
                int port = s.getLocalPort();
                if (port + 10000 > 65535) {
                    continue;
                }
                try (ServerSocket bus = new ServerSocket(port + 10000)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free port pair (p, p + 10000)");
    }

    @Override
    public void close() throws IOException {
        servers.values().forEach(PeerProcess::close);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
