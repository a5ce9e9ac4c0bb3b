package io.tollgate.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.restassured.response.Response;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.ProductionGateway;
import io.tollgate.totp.Totp;
import io.vertx.core.json.JsonObject;

/**
 * The stores failing under the packaged gateway: Redis killed under sign-in load (no code
 * accepted meanwhile, 503 pages and never a 500, back within five seconds of its return, and a
 * code used just before the outage still refused after it although Redis came back empty);
 * PostgreSQL killed (sign-ins 503, signed-in users still proxied); Redis answering nothing
 * for seconds (each request answered 503 within the configured wait, nothing piles up, the
 * event loops stay free); the database turned read-only (sign-ins fail closed, said clearly in
 * the log).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreOutagesIT {

    private static final String PASSWORD = "a long enough password for faults";
    private static ProductionGateway gateway;
    private static Totp ritasPhone;
    private static Totp robsPhone;

    @BeforeAll
    static void start() throws Exception {
        gateway = ProductionGateway.start(1, "-Dtollgate.regulation.redis-timeout=1s");
        gateway.user("rita", PASSWORD);
        ritasPhone = gateway.authenticator("rita", "NBSWY3DPEB3W64TMMQQHO33SNRSCC3DF");
        gateway.user("rob", PASSWORD);
        robsPhone = gateway.authenticator("rob", "ONUW2ZLNN5ZWK4TFOQQGC4ZAONSWG4TF");
        gateway.user("sam", PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static PortalClient signedIn(String user) {
        PortalClient browser = gateway.browser();
        assertEquals(303, browser.signIn(user, PASSWORD).statusCode());
        return browser;
    }

    @Test
    @Order(1)
    void redisKilledUnderLoadAcceptsNoCodeAnswers503AndComesBackWithoutAcceptingAReplay() throws Exception {
        // Rita signs in with a code just before the outage; another of her browsers waits at the code page.
        String usedBefore = ProductionGateway.now(ritasPhone);
        PortalClient rita = gateway.browser();
        assertTrue(rita.signIn("rita", PASSWORD).header("Location").contains("/totp"));
        rita.code(usedBefore);
        assertEquals(200, rita.get("/rita").statusCode());
        PortalClient waiting = gateway.browser();
        assertTrue(waiting.signIn("rob", PASSWORD).header("Location").contains("/totp"));
        PortalClient sam = signedIn("sam");

        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        try {
            for (int i = 0; i < 4; i++) {
                int worker = i;
                load.submit(() -> {
                    while (loading.get()) {
                        PortalClient someone = gateway.browser();
                        seen.add(worker % 2 == 0 ? someone.signIn("sam", PASSWORD).statusCode()
                                : sam.get("/sam-under-load").statusCode());
                    }
                    return null;
                });
            }
            Thread.sleep(500);
            gateway.stores.stopRedis();
            Thread.sleep(1500);
            seen.clear();
            Thread.sleep(1500);
            // While Redis is away: no code is taken, no page is a 500, bypass routes still answer.
            Response code = waiting.code(ProductionGateway.now(robsPhone));
            assertEquals(503, code.statusCode(), code.asString());
            assertEquals(503, gateway.browser().signIn("rob", PASSWORD).statusCode());
            assertEquals(503, sam.get("/sam-during-outage").statusCode());
            assertEquals(200, gateway.browser().get("/public/during-outage").statusCode());
            assertEquals(Set.of(503), Set.copyOf(seen), "every answer during the outage is a 503");

            long returned = System.nanoTime();
            gateway.stores.startRedis();
            long back = -1;
            while (System.nanoTime() - returned < Duration.ofSeconds(10).toNanos()) {
                PortalClient probe = gateway.browser();
                Response password = probe.signIn("rob", PASSWORD);
                if (password.statusCode() == 303 && probe.code(ProductionGateway.now(robsPhone)).statusCode() != 503
                        && probe.get("/rob-after").statusCode() == 200) {
                    back = (System.nanoTime() - returned) / 1_000_000;
                    break;
                }
                Thread.sleep(100);
            }
            System.out.printf("Redis outage: sign-in with a code works again %d ms after Redis returned%n", back);
            assertTrue(back >= 0 && back <= 5_000, "back within 5 s of Redis' return: " + back + " ms");
        } finally {
            loading.set(false);
            load.shutdown();
        }
        // Redis came back empty; the code rita used before the outage is still within its window.
        PortalClient replay = gateway.browser();
        assertTrue(replay.signIn("rita", PASSWORD).header("Location").contains("/totp"));
        Response replayed = replay.code(usedBefore);
        assertTrue(replayed.asString().contains("This code was already used."), replayed.asString());
        assertEquals(302, replay.get("/rita-replayed").statusCode());
    }

    @Test
    @Order(2)
    void postgresKilledRefusesSignInsWith503WhileSignedInUsersAreStillProxied() throws Exception {
        PortalClient sam = signedIn("sam");
        assertEquals(200, sam.get("/sam-before").statusCode());
        gateway.stores.stopPostgres();
        try {
            for (int i = 0; i < 5; i++) {
                assertEquals(200, sam.get("/sam-while-postgres-is-away-" + i).statusCode());
                Response signIn = gateway.browser().signIn("rob", PASSWORD);
                assertEquals(503, signIn.statusCode(), signIn.asString());
            }
        } finally {
            gateway.stores.startPostgres();
        }
        long returned = System.nanoTime();
        while (gateway.browser().signIn("sam", PASSWORD).statusCode() != 303) {
            assertTrue(System.nanoTime() - returned < Duration.ofSeconds(30).toNanos(), "sign-in back after PostgreSQL");
            Thread.sleep(200);
        }
        System.out.printf("PostgreSQL outage: sign-in works again %d ms after it returned%n",
                (System.nanoTime() - returned) / 1_000_000);
    }

    @Test
    @Order(3)
    void aRedisThatAnswersNothingForSecondsGets503sWithinTheWaitAndNoPileUp() throws Exception {
        PortalClient sam = signedIn("sam");
        ExecutorService clients = Executors.newFixedThreadPool(40);
        try {
            pauseRedis(4_000);
            long paused = System.nanoTime();
            List<Callable<long[]>> requests = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                requests.add(() -> {
                    long start = System.nanoTime();
                    int status = n % 2 == 0 ? gateway.browser().signIn("rob", PASSWORD).statusCode()
                            : sam.get("/slow-redis-" + n).statusCode();
                    return new long[] { status, (System.nanoTime() - start) / 1_000_000 };
                });
            }
            List<Future<long[]>> answers = new ArrayList<>();
            for (Callable<long[]> request : requests) {
                answers.add(clients.submit(request));
            }
            // The event loops are free: a bypass route answers at once meanwhile.
            long start = System.nanoTime();
            assertEquals(200, gateway.browser().get("/public/while-redis-is-slow").statusCode());
            long bypassMillis = (System.nanoTime() - start) / 1_000_000;
            long slowest = 0;
            for (Future<long[]> answer : answers) {
                long[] done = answer.get();
                assertEquals(503, done[0], "answered 503 while Redis is silent");
                slowest = Math.max(slowest, done[1]);
            }
            System.out.printf("Silent Redis: slowest of 40 answers %d ms (wait 1 s, a sign-in asks Redis up to three"
                    + " times), a bypass request %d ms%n", slowest, bypassMillis);
            assertTrue(slowest < 3_500, "no request waited past its Redis calls' bounds: " + slowest + " ms");
            assertTrue(bypassMillis < 1_000, "the event loops were not held: " + bypassMillis + " ms");
            assertTrue((System.nanoTime() - paused) / 1_000_000 < 4_000, "all answered while Redis was still silent");
        } finally {
            clients.shutdownNow();
        }
        Thread.sleep(4_500);
        assertEquals(303, gateway.browser().signIn("sam", PASSWORD).statusCode(), "normal again afterwards");
    }

    @Test
    @Order(4)
    void aReadOnlyDatabaseFailsSignInsClosedAndSaysWhy() throws Exception {
        PortalClient sam = signedIn("sam");
        readOnly(true);
        try {
            Response refused = gateway.browser().signIn("sam", PASSWORD);
            assertEquals(503, refused.statusCode(), refused.asString());
            PortalClient robAtCode = gateway.browser();
            Response rob = robAtCode.signIn("rob", PASSWORD);
            assertEquals(503, rob.statusCode(), rob.asString());
            assertEquals(200, sam.get("/sam-still-signed-in").statusCode(), "sessions live in Redis");
            HttpResponse<String> change = gateway.api("POST", "/users",
                    new JsonObject().put("username", "ursula").put("password", PASSWORD).encode());
            assertEquals(503, change.statusCode(), change.body());
            assertEquals("unavailable", new JsonObject(change.body()).getString("error"), change.body());
            assertEquals(200, gateway.api("GET", "/users", null).statusCode(), "reading goes on");
            String logs = gateway.logs();
            assertTrue(logs.contains("read-only"), "the log says the database refuses writes:\n" + tail(logs));
        } finally {
            readOnly(false);
        }
        long back = System.nanoTime();
        while (gateway.browser().signIn("sam", PASSWORD).statusCode() != 303) {
            assertTrue(System.nanoTime() - back < Duration.ofSeconds(30).toNanos(), "sign-in back after read-only");
            Thread.sleep(200);
        }
    }

    /** CLIENT PAUSE: Redis holds every client's commands for that long, as a stalled server would. */
    private static void pauseRedis(int millis) throws IOException {
        int port = Integer.parseInt(gateway.stores.redisUrl().substring(gateway.stores.redisUrl().lastIndexOf(':') + 1));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("CLIENT PAUSE " + millis + " ALL\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] answer = new byte[5];
            assertEquals(5, socket.getInputStream().readNBytes(answer, 0, 5));
            assertEquals("+OK\r\n", new String(answer, StandardCharsets.US_ASCII));
        }
    }

    /** Every new transaction of the database read-only (or not), and the gateway's connections made again to see it. */
    private static void readOnly(boolean on) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + gateway.stores.postgresPort() + "/postgres";
        try (Connection admin = DriverManager.getConnection(url, "postgres", "postgres");
                Statement sql = admin.createStatement()) {
            sql.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
            sql.execute("ALTER DATABASE postgres SET default_transaction_read_only = " + (on ? "on" : "off"));
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                    + "AND datname = 'postgres'");
        }
    }

    private static String tail(String logs) {
        return logs.length() > 6000 ? logs.substring(logs.length() - 6000) : logs;
    }
}
