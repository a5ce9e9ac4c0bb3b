package io.tollgate.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.tollgate.devstack.EmbeddedStores;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestUpstream;
import io.vertx.core.Vertx;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The packaged gateway on PostgreSQL and Redis that accept TLS only, with the settings of
 * k8s/overlays/production: server certificates from a private authority, checked with their
 * host name. Redis listens on its TLS port alone, so every answer proves the encryption; for
 * PostgreSQL, pg_stat_ssl shows the gateway's connections encrypted.
 */
class StoresOverTlsIT {

    private static final String PASSWORD = "tls-operator-" + Long.toHexString(System.nanoTime());

    private static Path certs;
    private static EmbeddedPostgres postgres;
    private static Process redis;
    private static int redisPort;
    private static Vertx vertx;
    private static TestUpstream upstream;
    private static Process gateway;
    private static Path log;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        PackagedGateway.assumeJvmArtifact();
        certs = Files.createTempDirectory("tollgate-tls");
        authorityAndServerCertificate(certs);
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(certs.resolve("pg-data"))
                .setCleanDataDirectory(true)
                .setOverrideWorkingDirectory(Files.createDirectories(certs.resolve("pg-bin")).toFile())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setPort(EmbeddedStores.freePort())
                .setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", certs.resolve("server.crt").toString())
                .setServerConfig("ssl_key_file", certs.resolve("server.key").toString())
                .start();
        redisPort = EmbeddedStores.freePort();
        redis = new ProcessBuilder("/usr/bin/redis-server", "--port", "0", "--tls-port", String.valueOf(redisPort),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", certs.toString(),
                "--tls-cert-file", certs.resolve("server.crt").toString(),
                "--tls-key-file", certs.resolve("server.key").toString(),
                "--tls-ca-cert-file", certs.resolve("ca.crt").toString(), "--tls-auth-clients", "no")
                .redirectErrorStream(true).redirectOutput(certs.resolve("redis.log").toFile()).start();
        vertx = Vertx.vertx();
        upstream = TestUpstream.start(vertx, "app", 0);
        port = EmbeddedStores.freePort();
        log = Files.createTempFile("tollgate-tls", ".log");
        String ca = certs.resolve("ca.crt").toString();
        String database = "localhost:" + postgres.getPort() + "/postgres";
        gateway = PackagedGateway.start(port, EmbeddedStores.freePort(), Map.of(), Map.of(
                "TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD", PASSWORD, "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "QUARKUS_DATASOURCE_PASSWORD", "postgres"), log, "/q/health/ready", List.of(
                        "-Dtollgate.session.secure=false", "-Dtollgate.policy.admins-required=false",
                        "-Dtollgate.bootstrap.admin-username=operator",
                        "-Dtollgate.routes.app.host=*", "-Dtollgate.routes.app.policy=one_factor",
                        "-Dtollgate.routes.app.upstream=" + upstream.url(),
                        // As k8s/overlays/production has them.
                        "-Dquarkus.datasource.reactive.url=postgresql://" + database,
                        "-Dquarkus.datasource.reactive.postgresql.ssl-mode=verify-full",
                        "-Dquarkus.datasource.reactive.hostname-verification-algorithm=HTTPS",
                        "-Dquarkus.datasource.reactive.trust-certificate-pem=true",
                        "-Dquarkus.datasource.reactive.trust-certificate-pem.certs=" + ca,
                        "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://" + database + "?sslmode=verify-full&sslrootcert=" + ca,
                        "-Dquarkus.redis.hosts=rediss://localhost:" + redisPort,
                        "-Dquarkus.redis.tls-configuration-name=stores",
                        "-Dquarkus.tls.stores.trust-store.pem.certs=" + ca,
                        "-Dquarkus.tls.stores.hostname-verification-algorithm=HTTPS").toArray(String[]::new));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
        }
        if (redis != null) {
            redis.destroyForcibly();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theGatewaySignsPeopleInOverTlsToBothStores() throws Exception {
        PortalClient browser = new PortalClient("gateway.test").via(port);
        assertEquals(303, browser.signIn("operator", PASSWORD).statusCode(), Files.readString(log));
        assertEquals(200, browser.get("/work").statusCode(), "a session kept in Redis over TLS");
        try (Connection db = postgres.getPostgresDatabase().getConnection();
                ResultSet encrypted = db.createStatement().executeQuery("SELECT count(*) FROM pg_stat_ssl s "
                        + "JOIN pg_stat_activity a ON a.pid = s.pid WHERE s.ssl AND a.backend_type = 'client backend' "
                        + "AND a.pid <> pg_backend_pid()");
                ResultSet plain = db.createStatement().executeQuery("SELECT count(*) FROM pg_stat_ssl s "
                        + "JOIN pg_stat_activity a ON a.pid = s.pid WHERE NOT s.ssl AND a.backend_type = 'client backend' "
                        + "AND a.pid <> pg_backend_pid()")) {
            encrypted.next();
            plain.next();
            assertTrue(encrypted.getInt(1) > 0, "the gateway's connections are encrypted");
            assertEquals(0, plain.getInt(1), "and none is not");
        }
    }

    /** A private authority and a certificate for localhost and 127.0.0.1 signed by it, made with openssl. */
    private static void authorityAndServerCertificate(Path dir) throws Exception {
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Tollgate test CA",
                "-keyout", "ca.key", "-out", "ca.crt");
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key",
                "-out", "server.csr");
        run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "san.ext", "-out", "server.crt");
        // PostgreSQL refuses a key others can read.
        Files.setPosixFilePermissions(dir.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
    }

    private static void run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, String.join(" ", command) + "\n" + out);
    }
}
