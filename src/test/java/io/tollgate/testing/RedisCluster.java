package io.tollgate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tollgate.devstack.EmbeddedStores;

/**
 * A real Redis Cluster of three masters, from Debian's redis-server, on loopback ports of its
 * own: the 16 384 hash slots are shared out by {@code redis-cli --cluster create}, so keys of
 * one kind (sessions, say) land on different nodes, as they would in production.
 */
public final class RedisCluster implements AutoCloseable {

    private final Path dir;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> nodes = new ArrayList<>();

    private RedisCluster(Path dir) {
        this.dir = dir;
    }

    /** Starts three masters, joins them into one cluster and waits until every node says it is ok. */
    public static RedisCluster start(Path dir) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/redis-server")) || !Files.isExecutable(Path.of("/usr/bin/redis-cli"))) {
            throw new IllegalStateException("Debian's redis-server (with redis-cli) is needed (.ci/run installs it)");
        }
        RedisCluster cluster = new RedisCluster(dir);
        try {
            for (int i = 0; i < 3; i++) {
                int port = EmbeddedStores.freePort();
                cluster.ports.add(port);
                cluster.nodes.add(cluster.node(i, port));
            }
            for (int port : cluster.ports) {
                cluster.await(Duration.ofSeconds(20), "node " + port + " answering",
                        () -> cluster.cli(port, "PING").contains("PONG"));
            }
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            cluster.ports.forEach(p -> create.add("127.0.0.1:" + p));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String created = cluster.run(create);
            if (!created.contains("All 16384 slots covered")) {
                throw new IllegalStateException("the cluster was not created:\n" + created + "\n" + cluster.logs());
            }
            for (int port : cluster.ports) {
                cluster.await(Duration.ofSeconds(30), "node " + port + " seeing the cluster ok",
                        () -> cluster.cli(port, "CLUSTER", "INFO").contains("cluster_state:ok"));
            }
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The nodes as Quarkus' quarkus.redis.hosts lists them (the client learns the slots from any of them). */
    public String hosts() {
        return String.join(",", ports.stream().map(p -> "redis://127.0.0.1:" + p).toList());
    }

    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** The keys matching {@code pattern} on one node (KEYS: for tests on a small keyspace only). */
    public List<String> keysOn(int port, String pattern) throws Exception {
        return cli(port, "--raw", "KEYS", pattern).lines().filter(l -> !l.isBlank()).toList();
    }

    public String cli(int port, String... command) throws IOException, InterruptedException {
        return RedisProcesses.cli(port, command);
    }

    private String run(List<String> arguments) throws IOException, InterruptedException {
        return RedisProcesses.cli(arguments);
    }

    /** Each node's log, for a failing test's message. */
    public String logs() throws IOException {
        return RedisProcesses.logs(dir);
    }

    @Override
    public void close() {
        for (Process node : nodes) {
            node.destroyForcibly();
        }
    }

    private Process node(int index, int port) throws IOException {
        List<String> args = List.of("/usr/bin/redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes-" + index + ".conf").toString(),
                "--cluster-node-timeout", "2000", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--logfile", dir.resolve("node-" + index + ".log").toString(), "--daemonize", "no");
        return new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(dir.resolve("node-" + index + ".out").toFile())
                .start();
    }

    private void await(Duration limit, String what, RedisProcesses.Check check) throws Exception {
        RedisProcesses.await(dir, limit, what, check);
    }
}
