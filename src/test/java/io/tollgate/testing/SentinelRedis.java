package io.tollgate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tollgate.devstack.EmbeddedStores;

/**
 * A real Redis master, its replica and three Sentinels watching them, from Debian's
 * redis-server and redis-sentinel packages, on loopback ports of their own. Sentinel takes a
 * master for down after one second without answer, so a failover completes in a few seconds.
 */
public final class SentinelRedis implements AutoCloseable {

    public static final String MASTER_NAME = "tollgate";

    private final Path dir;
    private final int masterPort;
    private final int replicaPort;
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private Process master;
    private Process replica;
    private final List<Process> sentinels = new ArrayList<>();

    private SentinelRedis(Path dir) {
        this.dir = dir;
        this.masterPort = EmbeddedStores.freePort();
        this.replicaPort = EmbeddedStores.freePort();
        for (int i = 0; i < 3; i++) {
            sentinelPorts.add(EmbeddedStores.freePort());
        }
    }

    /** Starts them all and waits until the Sentinels know the replica and one another. */
    public static SentinelRedis start(Path dir) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/redis-server")) || !Files.isExecutable(Path.of("/usr/bin/redis-sentinel"))) {
            throw new IllegalStateException("Debian's redis-server and redis-sentinel are needed (.ci/run installs them)");
        }
        SentinelRedis redis = new SentinelRedis(dir);
        redis.master = redis.server("master", redis.masterPort);
        redis.replica = redis.server("replica", redis.replicaPort, "--replicaof", "127.0.0.1",
                String.valueOf(redis.masterPort));
        for (int i = 0; i < 3; i++) {
            redis.sentinels.add(redis.sentinel(i, redis.sentinelPorts.get(i)));
        }
        redis.await(Duration.ofSeconds(30), "the replica in sync",
                () -> redis.cli(redis.masterPort, "INFO", "replication").contains("state=online"));
        for (int port : redis.sentinelPorts) {
            redis.await(Duration.ofSeconds(30), "Sentinel " + port + " knowing the replica and the other Sentinels",
                    () -> count(redis.cli(port, "SENTINEL", "REPLICAS", MASTER_NAME)) >= 1
                            && count(redis.cli(port, "SENTINEL", "SENTINELS", MASTER_NAME)) >= 2);
        }
        return redis;
    }

    /** The Sentinels as Quarkus' quarkus.redis.hosts lists them. */
    public String sentinelHosts() {
        return String.join(",", sentinelPorts.stream().map(p -> "redis://127.0.0.1:" + p).toList());
    }

    public int masterPort() {
        return masterPort;
    }

    public int replicaPort() {
        return replicaPort;
    }

    /** Waits until the replica holds every write the master acknowledged so far. */
    public void awaitReplicated() throws Exception {
        String acknowledged = cli(masterPort, "WAIT", "1", "5000").trim();
        if (!acknowledged.equals("1")) {
            throw new AssertionError("the replica did not acknowledge the master's writes: " + acknowledged);
        }
    }

    /** The master dies at once, as a crashed machine would (SIGKILL: nothing flushed, no goodbye). */
    public void killMaster() throws InterruptedException {
        master.destroyForcibly();
        master.waitFor(10, TimeUnit.SECONDS);
    }

    /** The port of the master the first Sentinel names now. */
    public int currentMasterPort() throws Exception {
        String[] answer = cli(sentinelPorts.get(0), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME).trim().split("\\s+");
        return Integer.parseInt(answer[answer.length - 1]);
    }

    public String cli(int port, String... command) throws IOException, InterruptedException {
        return RedisProcesses.cli(port, command);
    }

    /** A log of each process, for a failing test's message. */
    public String logs() throws IOException {
        return RedisProcesses.logs(dir);
    }

    @Override
    public void close() {
        List<Process> all = new ArrayList<>(sentinels);
        all.add(replica);
        all.add(master);
        for (Process process : all) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    private Process server(String name, int port, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("/usr/bin/redis-server", "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--logfile", dir.resolve(name + ".log").toString(), "--daemonize", "no"));
        args.addAll(List.of(more));
        return new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile()).start();
    }

    private Process sentinel(int index, int port) throws IOException {
        Path config = dir.resolve("sentinel-" + index + ".conf");
        Files.writeString(config, String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "dir " + dir,
                "logfile " + dir.resolve("sentinel-" + index + ".log"),
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
                "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                "sentinel failover-timeout " + MASTER_NAME + " 10000",
                "sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
        return new ProcessBuilder("/usr/bin/redis-sentinel", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sentinel-" + index + ".out").toFile()).start();
    }

    private static int count(String listing) {
        // redis-cli prints each entry of a nested reply as "name" followed by its fields.
        return (int) listing.lines().filter(line -> line.trim().equals("name")).count();
    }

    private void await(Duration limit, String what, RedisProcesses.Check check) throws Exception {
        RedisProcesses.await(dir, limit, what, check);
    }
}
