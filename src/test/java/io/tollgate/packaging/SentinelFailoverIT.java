package io.tollgate.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.response.Response;
import io.tollgate.devstack.EmbeddedStores;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.SentinelRedis;
import io.tollgate.testing.TestUpstream;
import io.tollgate.totp.Base32;
import io.tollgate.totp.HashAlgorithm;
import io.tollgate.totp.Totp;
import io.vertx.core.Vertx;

/**
 * The packaged gateway on Redis through Sentinel: the master is killed while people sign in,
 * Sentinel promotes the replica, and the gateway follows it within seconds. While no master
 * answers no second factor is accepted (a 503, never a guess); people signed in before stay
 * signed in; a code used before the failover is still refused after it.
 */
class SentinelFailoverIT {

    private static final String PASSWORD = "sentinel-operator-" + Long.toHexString(System.nanoTime());

    private static EmbeddedStores stores;
    private static SentinelRedis redis;
    private static Vertx vertx;
    private static TestUpstream upstream;
    private static Process gateway;
    private static Path log;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        PackagedGateway.assumeJvmArtifact();
        stores = EmbeddedStores.start(Files.createTempDirectory("tollgate-sentinel-pg"), false);
        redis = SentinelRedis.start(Files.createTempDirectory("tollgate-sentinel"));
        vertx = Vertx.vertx();
        upstream = TestUpstream.start(vertx, "app", 0);
        port = EmbeddedStores.freePort();
        log = Files.createTempFile("tollgate-sentinel", ".log");
        // As k8s/overlays/production has it, without TLS; these Redis settings win over the stores'.
        gateway = PackagedGateway.start(port, EmbeddedStores.freePort(), stores,
                Map.of("TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD", PASSWORD), log, "/.tollgate/login",
                "-Dtollgate.session.secure=false", "-Dtollgate.policy.admins-required=false",
                "-Dtollgate.bootstrap.admin-username=operator",
                "-Dtollgate.routes.app.host=*", "-Dtollgate.routes.app.policy=two_factor",
                "-Dtollgate.routes.app.upstream=" + upstream.url(),
                "-Dquarkus.redis.client-type=sentinel", "-Dquarkus.redis.hosts=" + redis.sentinelHosts(),
                "-Dquarkus.redis.master-name=" + SentinelRedis.MASTER_NAME, "-Dquarkus.redis.role=master");
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
        }
        if (redis != null) {
            redis.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    void theGatewayFollowsAFailoverRefusesCodesWhileNoMasterAnswersAndKeepsEveryoneSignedIn() throws Exception {
        String key = TwoReplicasIT.keyFor(port, "operator", PASSWORD);
        String suffix = Long.toHexString(System.nanoTime());
        String password = "a password long enough " + suffix;
        Totp signedInApp = user(key, "amy-" + suffix, password, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        Totp pendingApp = user(key, "ben-" + suffix, password, "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU");
        user(key, "cat-" + suffix, password, "MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK");

        // Amy is signed in with her code; Ben has given his password and is on the code page.
        PortalClient amy = client();
        assertTrue(amy.signIn("amy-" + suffix, password).header("Location").contains("/totp"));
        String amysCode = signedInApp.codeAt(Instant.now().getEpochSecond());
        // Imported authenticators come without recovery codes: the answer may be the page that says so.
        amy.code(amysCode);
        assertEquals(200, amy.get("/work").statusCode());
        PortalClient ben = client();
        assertTrue(ben.signIn("ben-" + suffix, password).header("Location").contains("/totp"));
        assertEquals(200, ben.get("/.tollgate/totp").statusCode());

        // Sign-in load from four clients until the end: password steps for Cat and Amy's requests.
        AtomicBoolean running = new AtomicBoolean(true);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            boolean signIns = i % 2 == 0;
            load.submit(() -> {
                PortalClient amyToo = client();
                amyToo.setCookie("tollgate_session", amy.cookie("tollgate_session"));
                while (running.get()) {
                    int status;
                    try {
                        status = signIns ? client().signIn("cat-" + suffix, password).statusCode()
                                : amyToo.get("/work").statusCode();
                    } catch (RuntimeException e) {
                        status = -1;
                    }
                    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            });
        }
        Thread.sleep(500);

        redis.awaitReplicated();
        int oldMaster = redis.masterPort();
        redis.killMaster();
        long killed = System.nanoTime();

        // No master answers: Ben's right code is not accepted, and says so with a 503.
        Response refused = ben.submit("/.tollgate/totp", "code", pendingApp.codeAt(Instant.now().getEpochSecond()));
        assertEquals(oldMaster, redis.currentMasterPort(), "asked before Sentinel promoted the replica");
        assertEquals(503, refused.statusCode(), refused.asString());

        long promoted = awaitMillis(Duration.ofSeconds(30), "the promotion", () -> redis.currentMasterPort() == redis.replicaPort());
        long followed = awaitMillis(Duration.ofSeconds(10), "Amy's request answered again", () -> amy.get("/work").statusCode() == 200);
        running.set(false);
        load.shutdown();
        assertTrue(load.awaitTermination(30, TimeUnit.SECONDS));

        // Amy never signed in again; Ben's earlier code did not count; the refused one is not replayed.
        assertEquals(200, amy.get("/work").statusCode());
        assertEquals(302, ben.get("/work").statusCode(), "Ben is still asked for his code");
        ben.code(pendingApp.codeAt(Instant.now().getEpochSecond() + 30));
        assertEquals(200, ben.get("/work").statusCode(), "after the failover the next code signs Ben in");
        PortalClient amyAgain = client();
        assertTrue(amyAgain.signIn("amy-" + suffix, password).header("Location").contains("/totp"));
        Response replayed = amyAgain.code(amysCode);
        assertTrue(replayed.asString().contains("This code was already used."),
                "a code used before the failover is refused after it: " + replayed.asString());
        assertEquals(302, amyAgain.get("/work").statusCode());

        assertEquals(null, statuses.get(500), "no 500 under load: " + statuses);
        assertEquals(null, statuses.get(-1), "no dropped connection under load: " + statuses);
        assertTrue(statuses.getOrDefault(503, new AtomicInteger()).get() > 0, "the outage was seen: " + statuses);
        System.out.printf("Sentinel failover: promoted %d ms after the kill, the gateway answered again %d ms after "
                + "the promotion; statuses under load %s%n", promoted, followed, statuses);
        assertTrue(Duration.ofNanos(System.nanoTime() - killed).toSeconds() < 40);
    }

    private static PortalClient client() {
        return new PortalClient("gateway.test").via(port);
    }

    /** A user with an authenticator of the given secret, made through the admin API. */
    private static Totp user(String key, String username, String password, String secret) throws Exception {
        HttpResponse<String> created = TwoReplicasIT.api(port, key, "POST", "/users", "{\"username\": \"" + username
                + "\", \"password\": \"" + password + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> imported = TwoReplicasIT.api(port, key, "POST", "/imports?format=otpauth",
                "otpauth://totp/Old:" + username + "?secret=" + secret + "\n");
        assertTrue(imported.body().contains("\"imported\":1"), imported.body());
        return new Totp(HashAlgorithm.SHA1, Base32.decode(secret), 6, 30);
    }

    private static long awaitMillis(Duration limit, String what, java.util.concurrent.Callable<Boolean> done)
            throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            try {
                if (done.call()) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            } catch (RuntimeException notYet) {
                // keep asking
            }
            Thread.sleep(50);
        }
        throw new AssertionError(what + " not seen within " + limit.toMillis() + " ms:\n" + Files.readString(log)
                + "\n" + redis.logs());
    }
}
