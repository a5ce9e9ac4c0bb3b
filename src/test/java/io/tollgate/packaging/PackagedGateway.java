package io.tollgate.packaging;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tollgate.devstack.EmbeddedStores;

/**
 * The packaged jar (target/quarkus-app) started as a process of its own, as it runs in
 * production: settings as -D options, secrets as environment variables, its output in a log
 * file, and started once the given address answers 200.
 */
public final class PackagedGateway {

    private static final Path APP = Path.of("target", "quarkus-app");
    /** A key for TOTP secrets at rest, for tests only. */
    public static final String TEST_KEY = "-Dtollgate.crypto.keys.it=aXQtb25seS1rZXktaXQtb25seS1rZXktaXQtb25seSE=";

    private PackagedGateway() {
    }

    /** These tests start the JVM artifact themselves: skipped when the build made a native executable (-Pnative). */
    public static void assumeJvmArtifact() {
        String nativeImage = System.getProperty("native.image.path", "");
        org.junit.jupiter.api.Assumptions.assumeFalse(!nativeImage.isEmpty() && Files.exists(Path.of(nativeImage)),
                "native build: the JVM artifact is not what was built");
    }

    /**
     * @param stores PostgreSQL (and, unless {@code settings} name another, Redis) for the gateway
     * @param settings -D options, after the stores' so that they win
     */
    public static Process start(int port, int managementPort, EmbeddedStores stores, Map<String, String> environment, Path log,
            String readyPath, String... settings) throws Exception {
        return start(port, managementPort, stores.quarkusConfig(), environment, log, readyPath, settings);
    }

    /** @param storeSettings the stores' connection settings, as -D options before {@code settings} */
    public static Process start(int port, int managementPort, Map<String, String> storeSettings, Map<String, String> environment,
            Path log, String readyPath, String... settings) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + managementPort, TEST_KEY));
        for (Map.Entry<String, String> entry : storeSettings.entrySet()) {
            command.add("-D" + entry.getKey() + "=" + entry.getValue());
        }
        command.addAll(List.of(settings));
        command.addAll(List.of("-jar", APP.resolve("quarkus-run.jar").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + (readyPath.startsWith("/q/") ? managementPort : port) + readyPath);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("the gateway on " + port + " did not start:\n" + Files.readString(log));
    }
}
