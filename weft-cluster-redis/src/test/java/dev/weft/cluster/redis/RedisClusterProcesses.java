package dev.weft.cluster.redis;

import dev.weft.testing.PeerProcess;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Redis Cluster of three masters (no replicas) for a test: three redis-server processes
 * in cluster mode on free loopback ports (each port + 10000 free too, for the cluster bus),
 * joined with {@code redis-cli --cluster create}, nothing kept on disk but their cluster files
 * in a temporary folder.
 */
final class RedisClusterProcesses implements AutoCloseable {
    final List<Integer> ports = new ArrayList<>();
    private final List<PeerProcess> servers = new ArrayList<>();
    private final Path dir;

    RedisClusterProcesses() throws Exception {
        dir = Files.createTempDirectory("weft-redis-cluster");
        for (int i = 0; i < 3; i++) {
            int port = freePortWithBusPort();
            ports.add(port);
            PeerProcess p = PeerProcess.start("/usr/bin/redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf", "--dir", dir.toString(),
                    "--save", "", "--appendonly", "no", "--protected-mode", "no");
            servers.add(p);
            p.awaitLine(l -> l.contains("Ready to accept connections"), 20);
        }
        List<String> create = new ArrayList<>(List.of("/usr/bin/redis-cli", "--cluster", "create"));
        for (int port : ports) {
            create.add("127.0.0.1:" + port);
        }
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        try (PeerProcess cli = PeerProcess.start(create.toArray(new String[0]))) {
            assertThat(cli.await(60)).as("redis-cli --cluster create:\n%s", cli.output()).isZero();
        }
        for (int port : ports) {
            awaitClusterOk(port);
        }
    }

    String seedUri() {
        return "redis://127.0.0.1:" + ports.get(0);
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
        servers.forEach(PeerProcess::close);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
