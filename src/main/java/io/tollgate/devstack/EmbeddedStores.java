package io.tollgate.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    private final EmbeddedPostgres postgres;
    private final int redisPort;
    private final Path redisDir;
    private RedisServer redis;

    private EmbeddedStores(EmbeddedPostgres postgres, int redisPort, Path redisDir) {
        this.postgres = postgres;
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
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(!keepData)
                    .setOverrideWorkingDirectory(pgBinaries.toFile())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setPort(freePort())
                    .start();
            EmbeddedStores stores = new EmbeddedStores(postgres, freePort(), redisDir);
            stores.startRedis();
            return stores;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded stores in " + workDir, e);
        }
    }

    /** Connection settings for Quarkus. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        int pgPort = postgres.getPort();
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
        return postgres.getPort();
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
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the embedded PostgreSQL", e);
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
