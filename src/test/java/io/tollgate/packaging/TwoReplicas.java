package io.tollgate.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.restassured.response.Response;
import io.tollgate.devstack.EmbeddedStores;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestUpstream;
import io.vertx.core.Vertx;

/**
 * Two replicas of the packaged gateway on one PostgreSQL and one Redis, as operators run it: a
 * session made on one is honoured by the other, and a logout on one ends it on the other within
 * a second — also while the other's announcement channel is reconnecting; a key revoked on one
 * is refused by the other within two seconds, although the other had it in its cache. What an
 * administrator does through the admin API on one is in force on the other: a reset within
 * milliseconds (its sessions, codes and devices), a disable and a policy change within five
 * seconds. Each Redis
 * topology the gateway supports runs these same behaviours ({@link TwoReplicasIT},
 * {@link TwoReplicasOnRedisClusterIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoReplicas {

    static final String PASSWORD = "two-replicas-" + Long.toHexString(System.nanoTime());
    private static final Pattern KEY = Pattern.compile("<code class=\"key\" id=\"new-key\">(tgk_[0-9A-Za-z]{50})</code>");

    EmbeddedStores stores;
    private Vertx vertx;
    private TestUpstream upstream;
    private final List<Process> replicas = new ArrayList<>();
    final List<Path> logs = new ArrayList<>();
    int portA;
    int portB;

    /** The Redis both replicas share: started here, and its settings as -D options (none: the stores' own). */
    abstract List<String> startRedis() throws Exception;

    /** Cuts every pub/sub connection to Redis, as a Redis restart or a network blip would. */
    abstract void cutSubscriptions() throws Exception;

    abstract void stopRedis() throws Exception;

    @BeforeAll
    void start() throws Exception {
        PackagedGateway.assumeJvmArtifact();
        stores = EmbeddedStores.start(Files.createTempDirectory("tollgate-two-replicas"), false);
        List<String> redis = startRedis();
        vertx = Vertx.vertx();
        upstream = TestUpstream.start(vertx, "app", 0);
        portA = EmbeddedStores.freePort();
        portB = EmbeddedStores.freePort();
        // One at a time: the first migrates the schema, the second finds it done.
        replica(portA, redis);
        replica(portB, redis);
    }

    private void replica(int port, List<String> redis) throws Exception {
        Path log = Files.createTempFile("tollgate-replica-" + port, ".log");
        logs.add(log);
        List<String> settings = new ArrayList<>(List.of("-Dtollgate.session.secure=false",
                "-Dtollgate.policy.admins-required=false", "-Dtollgate.bootstrap.admin-username=operator",
                "-Dtollgate.routes.app.host=*", "-Dtollgate.routes.app.policy=two_factor",
                "-Dtollgate.routes.app.upstream=" + upstream.url()));
        settings.addAll(redis);
        replicas.add(PackagedGateway.start(port, EmbeddedStores.freePort(), stores,
                Map.of("TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD", PASSWORD), log, "/.tollgate/login",
                settings.toArray(String[]::new)));
    }

    @AfterAll
    void stop() throws Exception {
        for (Process replica : replicas) {
            replica.destroy();
            replica.waitFor();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        stopRedis();
        if (stores != null) {
            stores.close();
        }
    }

    private static int status(int port, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/work"))
                .header("X-Auth-Key", key).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Polls replica B until the session no longer opens the route; answers how long that took. */
    long refusedWithin(PortalClient onB, Duration limit) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            if (onB.get("/work").statusCode() == 302) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("replica B still honoured the session " + limit.toMillis() + " ms after logout on A:\n"
                + Files.readString(logs.get(1)));
    }

    PortalClient[] signedInOnAUsedOnB() {
        PortalClient onA = new PortalClient("gateway.test").via(portA);
        assertEquals(303, onA.signIn("operator", PASSWORD).statusCode());
        PortalClient onB = new PortalClient("gateway.test").via(portB);
        onB.setCookie("tollgate_session", onA.cookie("tollgate_session"));
        assertEquals(200, onB.get("/work").statusCode(), "a session made on A is honoured by B");
        assertEquals(200, onB.get("/work").statusCode());
        return new PortalClient[] { onA, onB };
    }

    /** An AuthKey made on the named user's account page on replica A (they must be able to sign in with the password alone). */
    String keyMadeOnA(String username, String password) {
        return keyFor(portA, username, password);
    }

    /** An AuthKey made on the named user's account page of the gateway on this port. */
    static String keyFor(int port, String username, String password) {
        return new PortalClient("gateway.test").via(port).newAuthKey(username, password);
    }

    static HttpResponse<String> api(int port, String key, String method, String path, String json)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/.tollgate/api/admin/v1" + path)).header("Authorization", "AuthKey " + key)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until {@code done}; answers how long it took, or fails after {@code limit}. */
    long within(Duration limit, String what, java.util.concurrent.Callable<Boolean> done) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            if (done.call()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(what + " not seen within " + limit.toMillis() + " ms:\n" + Files.readString(logs.get(1)));
    }

    static long idIn(HttpResponse<String> created) {
        assertEquals(201, created.statusCode(), created.body());
        return new io.vertx.core.json.JsonObject(created.body()).getLong("id");
    }

    @Test
    void whatAnAdministratorDoesOnOneReplicaIsInForceOnTheOther() throws Exception {
        String operatorKey = keyMadeOnA("operator", PASSWORD);
        String suffix = Long.toHexString(System.nanoTime());
        String userPassword = "a password long enough " + suffix;
        assertEquals(201, api(portA, operatorKey, "POST", "/groups", "{\"name\": \"two-step-" + suffix + "\"}").statusCode());
        long dana = idIn(api(portA, operatorKey, "POST", "/users", "{\"username\": \"dana-" + suffix
                + "\", \"password\": \"" + userPassword + "\", \"groups\": [\"two-step-" + suffix + "\"]}"));

        // Policy: dana's group becomes required on A; B asks her to enroll within five seconds.
        HttpResponse<String> policy = api(portA, operatorKey, "PATCH", "/policy",
                "{\"requiredGroups\": [\"two-step-" + suffix + "\"]}");
        assertEquals(200, policy.statusCode(), policy.body());
        long policyTook = within(Duration.ofSeconds(5), "the policy change on B", () -> {
            Response signIn = new PortalClient("gateway.test").via(portB).signIn("dana-" + suffix, userPassword);
            // Within the grace period: the offer to set up two-step verification.
            return signIn.header("Location") != null && signIn.header("Location").contains("/setup");
        });

        // Reset: an imported authenticator signs dana in on B; a reset on A ends that session within milliseconds.
        String secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        HttpResponse<String> imported = api(portA, operatorKey, "POST", "/imports?format=otpauth",
                "otpauth://totp/Old:dana-" + suffix + "?secret=" + secret + "\n");
        assertTrue(imported.body().contains("\"imported\":1"), imported.body());
        PortalClient onB = new PortalClient("gateway.test").via(portB);
        assertTrue(onB.signIn("dana-" + suffix, userPassword).header("Location").contains("/totp"));
        io.tollgate.totp.Totp totp = new io.tollgate.totp.Totp(io.tollgate.totp.HashAlgorithm.SHA1,
                io.tollgate.totp.Base32.decode(secret), 6, 30);
        onB.code(totp.codeAt(java.time.Instant.now().getEpochSecond()));
        assertEquals(200, onB.get("/work").statusCode());
        assertEquals(200, api(portA, operatorKey, "POST", "/users/" + dana + "/reset", null).statusCode());
        refusedWithin(onB, Duration.ofMillis(250));
        Response again = new PortalClient("gateway.test").via(portB).signIn("dana-" + suffix, userPassword);
        assertTrue(again.header("Location").contains("/enroll"), "no code is asked any more, enrollment is: "
                + again.header("Location"));

        // Disable: another administrator's key, warm in B's cache, stops on B within five seconds.
        long ops = idIn(api(portA, operatorKey, "POST", "/users", "{\"username\": \"ops-" + suffix
                + "\", \"admin\": true, \"password\": \"" + userPassword + "\"}"));
        String opsKey = keyMadeOnA("ops-" + suffix, userPassword);
        assertEquals(200, status(portB, opsKey));
        assertEquals(200, api(portB, opsKey, "GET", "/users?limit=1", null).statusCode());
        assertEquals(200, api(portA, operatorKey, "POST", "/users/" + ops + "/disable", null).statusCode());
        long disableTook = within(Duration.ofSeconds(5), "the disable on B", () -> status(portB, opsKey) == 401);
        assertEquals(401, api(portB, opsKey, "GET", "/users?limit=1", null).statusCode());
        System.out.printf("Seen on replica B: policy change after %d ms, disable after %d ms%n", policyTook, disableTook);
    }

    @Test
    void aCodeUsedOnOneReplicaIsRefusedOnTheOtherAndWrongCodesOnBothAddUpToOneLock() throws Exception {
        String operatorKey = keyMadeOnA("operator", PASSWORD);
        String suffix = Long.toHexString(System.nanoTime());
        String userPassword = "a password long enough " + suffix;
        String secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        idIn(api(portA, operatorKey, "POST", "/users", "{\"username\": \"eve-" + suffix + "\", \"password\": \""
                + userPassword + "\"}"));
        HttpResponse<String> imported = api(portA, operatorKey, "POST", "/imports?format=otpauth",
                "otpauth://totp/Old:eve-" + suffix + "?secret=" + secret + "\n");
        assertTrue(imported.body().contains("\"imported\":1"), imported.body());
        io.tollgate.totp.Totp totp = new io.tollgate.totp.Totp(io.tollgate.totp.HashAlgorithm.SHA1,
                io.tollgate.totp.Base32.decode(secret), 6, 30);
        String code = totp.codeAt(java.time.Instant.now().getEpochSecond());

        PortalClient onA = new PortalClient("gateway.test").via(portA);
        assertTrue(onA.signIn("eve-" + suffix, userPassword).header("Location").contains("/totp"));
        onA.code(code);
        assertEquals(200, onA.get("/work").statusCode(), "the code signs Eve in on A");
        PortalClient onB = new PortalClient("gateway.test").via(portB);
        assertTrue(onB.signIn("eve-" + suffix, userPassword).header("Location").contains("/totp"));
        assertTrue(onB.code(code).asString().contains("This code was already used."), "B knows A's use of it");
        assertEquals(302, onB.get("/work").statusCode());

        // Four more wrong codes, alternating replicas: five in all, the default limit; the account is locked on both.
        for (int i = 0; i < 4; i++) {
            PortalClient replica = new PortalClient("gateway.test").via(i % 2 == 0 ? portA : portB);
            replica.signIn("eve-" + suffix, userPassword);
            replica.code("000000".equals(code) ? "111111" : "000000");
        }
        for (int port : new int[] { portA, portB }) {
            Response locked = new PortalClient("gateway.test").via(port).signIn("eve-" + suffix, userPassword);
            assertEquals(429, locked.statusCode(), "locked on the replica on " + port + ": " + locked.asString());
            assertTrue(locked.asString().contains("Sign-in is locked"), locked.asString());
        }
    }

    @Test
    void aLogoutOnOneReplicaEndsTheSessionOnTheOtherWithinMillisecondsAndWithinOneSecondWhileItsChannelReconnects() throws Exception {
        // B holds the session in its near cache; it lets go as soon as the news arrives, which is
        // delivered before A answers (on a cluster too: a sharded channel, not the cluster bus) and
        // handled on B's own event loop — milliseconds, never the near cache's lifetime.
        long slowest = 0;
        for (int round = 0; round < 12; round++) {
            PortalClient[] first = signedInOnAUsedOnB();
            first[0].logout();
            slowest = Math.max(slowest, refusedWithin(first[1], Duration.ofMillis(250)));
        }
        System.out.printf("Logout on A seen by B after at most %d ms (12 rounds)%n", slowest);

        PortalClient[] second = signedInOnAUsedOnB();
        cutSubscriptions();
        second[0].logout();
        refusedWithin(second[1], Duration.ofSeconds(1));
    }

    @Test
    void aKeyRevokedOnOneReplicaIsRefusedByTheOtherWithinTwoSeconds() throws Exception {
        // The operator makes a key on replica A's account page (no authenticator: the password is the whole sign-in).
        PortalClient browser = new PortalClient("gateway.test").via(portA);
        Response signedIn = browser.signIn("operator", PASSWORD);
        assertEquals(303, signedIn.statusCode(), signedIn.asString());
        assertEquals(200, browser.get("/.tollgate/account/keys/new").statusCode());
        Response created = browser.follow(browser.submit("/.tollgate/account/keys/new", "name", "replicated", "validity", "30"));
        Matcher shown = KEY.matcher(created.asString());
        assertTrue(shown.find(), created.asString());
        String key = shown.group(1);

        // Both replicas take it; B now holds it in its cache.
        assertEquals(200, status(portA, key));
        assertEquals(200, status(portB, key));
        assertEquals(200, status(portB, key));

        browser.get("/.tollgate/account");
        assertEquals(303, browser.submit("/.tollgate/account/keys/revoke", "id", key.substring(4, 16)).statusCode());
        long revoked = System.nanoTime();
        int onB = status(portB, key);
        while (onB != 401 && System.nanoTime() - revoked < Duration.ofSeconds(2).toNanos()) {
            Thread.sleep(20);
            onB = status(portB, key);
        }
        long tookMillis = (System.nanoTime() - revoked) / 1_000_000;
        assertEquals(401, onB, "replica B still took the key " + tookMillis + " ms after A revoked it:\n"
                + Files.readString(logs.get(1)));
        assertEquals(401, status(portA, key));
    }
}
