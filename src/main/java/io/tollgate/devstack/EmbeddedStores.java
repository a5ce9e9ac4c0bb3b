package io.tollgate.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

/**
 * Real PostgreSQL 17 and Redis processes from Maven dependencies, for dev mode and tests.
 * Their files stay under the given directory (inside {@code target/}). Never packaged:
 * the jars are in provided scope and this class is left out of the production jar.
 */
public final class EmbeddedStores implements AutoCloseable {

    private EmbeddedPostgres postgres;
    private final int postgresPort;
    private final Path pgData;
    private final Path pgBinaries;
    private final int redisPort;
    private final Path redisDir;
    private RedisServer redis;

    private EmbeddedStores(EmbeddedPostgres postgres, Path pgData, Path pgBinaries, int redisPort, Path redisDir) {
        this.postgres = postgres;
        this.postgresPort = postgres.getPort();
        this.pgData = pgData;
        this.pgBinaries = pgBinaries;
        this.redisPort = redisPort;
        this.redisDir = redisDir;
    }

    /**
     * @param workDir where data and binaries go
     * @param keepData reuse the PostgreSQL data of an earlier run (dev) or start empty (tests)
     */
    public static EmbeddedStores start(Path workDir, boolean keepData) {
        try {
            Path pgData = workDir.resolve("postgres-data");
            Path pgBinaries = workDir.resolve("postgres-bin");
            Path redisDir = workDir.resolve("redis");
            Files.createDirectories(pgBinaries);
            Files.createDirectories(redisDir);
            if (!keepData) {
                deleteRecursively(pgData);
            }
            // Never "clean" in the library's sense: it would also delete the data when stopped,
            // and tests stop and start PostgreSQL again on the same data.
            EmbeddedPostgres postgres = postgres(pgData, pgBinaries, false, freePort());
            EmbeddedStores stores = new EmbeddedStores(postgres, pgData, pgBinaries, freePort(), redisDir);
            stores.startRedis();
            return stores;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded stores in " + workDir, e);
        }
    }

    private static EmbeddedPostgres postgres(Path data, Path binaries, boolean clean, int port) throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(clean)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setPort(port)
                .start();
    }

    /** Connection settings for Quarkus. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        int pgPort = postgresPort;
        config.put("quarkus.datasource.username", "postgres");
        config.put("quarkus.datasource.password", "postgres");
        config.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + pgPort + "/postgres");
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres");
        config.put("quarkus.redis.hosts", redisUrl());
        return config;
    }

    public String redisUrl() {
        return "redis://127.0.0.1:" + redisPort;
    }

    public int postgresPort() {
        return postgresPort;
    }

    /** For tests of what happens while PostgreSQL is away. */
    public synchronized void stopPostgres() {
        try {
            if (postgres != null) {
                postgres.close();
                postgres = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the embedded PostgreSQL", e);
        }
    }

    /** Starts PostgreSQL again on the same port, with the same data. */
    public synchronized void startPostgres() {
        try {
            if (postgres == null) {
                postgres = postgres(pgData, pgBinaries, false, postgresPort);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL on port " + postgresPort, e);
        }
    }

    /** For tests of what happens while Redis is away. */
    public synchronized void stopRedis() {
        try {
            if (redis != null && redis.isActive()) {
                redis.stop();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the embedded Redis", e);
        }
    }

    /** Starts Redis again on the same port. */
    public synchronized void startRedis() {
        try {
            redis = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(redisPort)
                    .setting("dir " + redisDir.toAbsolutePath())
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            redis.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Redis on port " + redisPort, e);
        }
    }

    @Override
    public synchronized void close() {
        stopRedis();
        stopPostgres();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
