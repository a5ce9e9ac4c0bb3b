package io.tollgate.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.tollgate.devstack.EmbeddedStores;
import io.tollgate.testing.TestUpstream;
import io.vertx.core.Vertx;

/**
 * What a Kubernetes rollout does to a replica, on the packaged jar with the shutdown settings
 * of k8s/base: on SIGTERM readiness reports down at once while requests are still served,
 * and a request in flight when the drain starts is answered in full before the process ends.
 */
class GracefulShutdownIT {

    private static EmbeddedStores stores;
    private static Vertx vertx;
    private static TestUpstream upstream;

    @BeforeAll
    static void start() throws Exception {
        PackagedGateway.assumeJvmArtifact();
        stores = EmbeddedStores.start(Files.createTempDirectory("tollgate-shutdown"), false);
        vertx = Vertx.vertx();
        upstream = TestUpstream.start(vertx, "app", 0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    void onSigtermReadinessGoesDownAndARequestInFlightIsAnsweredInFull() throws Exception {
        int port = EmbeddedStores.freePort();
        int managementPort = EmbeddedStores.freePort();
        Path log = Files.createTempFile("tollgate-shutdown", ".log");
        Process gateway = start(port, managementPort, log);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            assertEquals(200, status(http, "http://127.0.0.1:" + managementPort + "/q/health/ready"));
            // 4 s at the upstream: still running when the drain starts after the 2 s delay.
            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow?ms=4000")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);
            long signalled = System.nanoTime();
            gateway.destroy(); // SIGTERM, as the kubelet sends it

            awaitStatus(http, "http://127.0.0.1:" + managementPort + "/q/health/ready", 503, Duration.ofSeconds(1));
            assertEquals(200, status(http, "http://127.0.0.1:" + port + "/fast"),
                    "during the delay new requests are still served (endpoints may not have forgotten the pod yet)");

            HttpResponse<String> answered = inFlight.get(15, TimeUnit.SECONDS);
            assertEquals(200, answered.statusCode(), answered.body());
            assertEquals("slept 4000", answered.body());
            assertTrue(gateway.waitFor(20, TimeUnit.SECONDS), "the process ends once the drain is over");
            long tookMillis = Duration.ofNanos(System.nanoTime() - signalled).toMillis();
            assertTrue(tookMillis >= 2000, "the delay came first: " + tookMillis + " ms");
        } catch (AssertionError | Exception e) {
            throw new AssertionError(e.getMessage() + "\n" + Files.readString(log), e);
        } finally {
            gateway.destroyForcibly();
        }
    }

    private static Process start(int port, int managementPort, Path log) throws Exception {
        // The settings of k8s/base/deployment.yaml, shortened: the same variables, as the pod has them.
        return PackagedGateway.start(port, managementPort, stores,
                Map.of("QUARKUS_SHUTDOWN_DELAY", "2s", "QUARKUS_SHUTDOWN_TIMEOUT", "10s"), log, "/q/health/ready",
                "-Dtollgate.routes.app.host=*", "-Dtollgate.routes.app.policy=bypass",
                "-Dtollgate.routes.app.upstream=" + upstream.url());
    }

    private static int status(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void awaitStatus(HttpClient http, String url, int wanted, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = status(http, url);
            if (last == wanted) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(url + " answered " + last + ", not " + wanted + ", within " + within);
    }
}
