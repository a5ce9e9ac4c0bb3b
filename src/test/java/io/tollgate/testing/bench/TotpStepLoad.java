package io.tollgate.testing.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import io.tollgate.crypto.KeyRing;
import io.tollgate.crypto.SecretCipher;
import io.tollgate.totp.HashAlgorithm;
import io.tollgate.totp.Totp;

/**
 * The TOTP step under load, black-box against a running gateway: N users, each with their own
 * secret and their own session at the code page, send one valid code each, with a fixed number
 * in flight. Users are written straight to the database with a cheap Argon2id hash (the
 * gateway verifies with the parameters of the stored hash), so that bringing thousands of
 * sessions to the code page does not take the password step's time; only the code step is
 * measured. Each user holds a full set of recovery codes, as most do. A first share of the users warms the gateway up and is not counted.
 *
 * <p>Arguments: gateway base URL, stores file (as written by {@link BenchStores}), crypto key
 * (base64, id "bench"), users, in flight, gateway pid, clock ticks per second.
 */
public final class TotpStepLoad {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");
    private static final Pattern SESSION = Pattern.compile("tollgate_session=([^;]*)");
    private static final String PASSWORD = "bench-password";

    private record User(String name, byte[] secret) {
    }

    /** A user at the code page: the session cookie and the form's token. */
    private record AtCodePage(User user, String cookie, String csrf) {
    }

    private TotpStepLoad() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Map<String, String> stores = readStores(Path.of(args[1]));
        SecretCipher cipher = new SecretCipher(KeyRing.from(Map.of("bench", args[2]), Optional.of("bench")));
        int count = Integer.parseInt(args[3]);
        int inFlight = Integer.parseInt(args[4]);
        long gatewayPid = Long.parseLong(args[5]);
        long ticksPerSecond = Long.parseLong(args[6]);

        List<User> users = createUsers(stores, cipher, count);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService pool = Executors.newFixedThreadPool(inFlight);
        try {
            long started = System.nanoTime();
            List<AtCodePage> waiting = parallel(pool, users, user -> toCodePage(http, base, user));
            System.err.printf("%d users at the code page in %.1f s%n", waiting.size(),
                    (System.nanoTime() - started) / 1e9);
            int warmUp = waiting.size() / 5;
            runSteps(pool, http, base, waiting.subList(0, warmUp));
            hook("before");
            long cpuBefore = cpuTicks(gatewayPid);
            long clientBefore = cpuTicks(ProcessHandle.current().pid());
            long begin = System.nanoTime();
            long[] latencies = runSteps(pool, http, base, waiting.subList(warmUp, waiting.size()));
            double seconds = (System.nanoTime() - begin) / 1e9;
            long cpu = cpuTicks(gatewayPid) - cpuBefore;
            long clientCpu = cpuTicks(ProcessHandle.current().pid()) - clientBefore;
            hook("after");
            Arrays.sort(latencies);
            int n = latencies.length;
            System.out.printf("steps %d%nsteps_per_second %.0f%np50_ms %.1f%np99_ms %.1f%ncpu_us_per_step %.0f%n"
                    + "client_cpu_s %.2f%n", n, n / seconds, latencies[n / 2] / 1e6, latencies[(int) (n * 0.99)] / 1e6,
                    cpu * 1e6 / ticksPerSecond / n, (double) clientCpu / ticksPerSecond);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends each user's current code once; every step must end signed in (303 to the app). */
    private static long[] runSteps(ExecutorService pool, HttpClient http, String base, List<AtCodePage> waiting)
            throws Exception {
        AtomicInteger refused = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> firstRefusal = new java.util.concurrent.atomic.AtomicReference<>();
        List<Long> measured = parallel(pool, waiting, at -> {
            Totp totp = new Totp(HashAlgorithm.SHA1, at.user().secret(), 6, 30);
            String code = totp.codeAt(System.currentTimeMillis() / 1000);
            long start = System.nanoTime();
            HttpResponse<String> answer = http.send(post(base + "/.tollgate/totp", at.cookie(),
                    "csrf=" + encode(at.csrf()) + "&code=" + code), HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - start;
            if (answer.statusCode() != 303 || answer.headers().firstValue("location").orElse("").contains("/totp")) {
                refused.incrementAndGet();
                firstRefusal.compareAndSet(null, answer.statusCode() + " "
                        + answer.headers().firstValue("location").orElse("") + " "
                        + answer.body().substring(0, Math.min(300, answer.body().length())));
            }
            return took;
        });
        if (refused.get() > 0) {
            throw new IllegalStateException(refused.get() + " of " + waiting.size() + " code steps did not sign in; the first: " + firstRefusal.get());
        }
        return measured.stream().mapToLong(Long::longValue).toArray();
    }

    private static AtCodePage toCodePage(HttpClient http, String base, User user) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/.tollgate/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = cookie(login, null);
        HttpResponse<String> signedIn = http.send(post(base + "/.tollgate/login", cookie, "csrf="
                + encode(csrf(login)) + "&username=" + encode(user.name()) + "&password=" + encode(PASSWORD)),
                HttpResponse.BodyHandlers.ofString());
        cookie = cookie(signedIn, cookie);
        if (!signedIn.headers().firstValue("location").orElse("").contains("/totp")) {
            throw new IllegalStateException("the password step of " + user.name() + " answered "
                    + signedIn.statusCode() + " to " + signedIn.headers().firstValue("location").orElse("nowhere"));
        }
        HttpResponse<String> codePage = http.send(HttpRequest.newBuilder(URI.create(base + "/.tollgate/totp"))
                .header("Cookie", "tollgate_session=" + cookie).build(), HttpResponse.BodyHandlers.ofString());
        return new AtCodePage(user, cookie, csrf(codePage));
    }

    private static HttpRequest post(String url, String session, String form) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (session != null) {
            builder.header("Cookie", "tollgate_session=" + session);
        }
        return builder.build();
    }

    private static String cookie(HttpResponse<?> answer, String previous) {
        for (String set : answer.headers().allValues("set-cookie")) {
            Matcher m = SESSION.matcher(set);
            if (m.lookingAt() && !m.group(1).isEmpty()) {
                return m.group(1);
            }
        }
        return previous;
    }

    private static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new IllegalStateException("no form token in a page answered " + page.statusCode());
        }
        return m.group(1);
    }

    /**
     * Users bench-0..N with a cheap password hash and one verified TOTP credential each, the
     * secret encrypted as the gateway stores it. Earlier runs' users are replaced.
     */
    private static List<User> createUsers(Map<String, String> stores, SecretCipher cipher, int count) throws Exception {
        String hash = cheapHash(PASSWORD);
        SecureRandom random = new SecureRandom();
        List<User> users = new ArrayList<>(count);
        try (Connection db = DriverManager.getConnection(stores.get("quarkus.datasource.jdbc.url"),
                stores.get("quarkus.datasource.username"), stores.get("quarkus.datasource.password"))) {
            db.setAutoCommit(false);
            db.createStatement().executeUpdate("DELETE FROM users WHERE username LIKE 'bench-user-%'");
            try (PreparedStatement user = db.prepareStatement(
                    "INSERT INTO users (username, display_name, password_hash) VALUES (?, ?, ?) RETURNING id");
                    PreparedStatement credential = db.prepareStatement("INSERT INTO totp_credentials "
                            + "(id, user_id, name, secret, algorithm, digits, period, verified) "
                            + "VALUES (?, ?, 'phone', ?, 'SHA1', 6, 30, true)");
                    // A full set, as most users hold: the step does not stop at the "running out" warning.
                    PreparedStatement recovery = db.prepareStatement("INSERT INTO recovery_codes (user_id, code_hash) "
                            + "SELECT ?, ? FROM generate_series(1, 10)")) {
                for (int i = 0; i < count; i++) {
                    String name = "bench-user-" + i;
                    user.setString(1, name);
                    user.setString(2, "Bench user " + i);
                    user.setString(3, hash);
                    long id;
                    try (ResultSet rs = user.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                    byte[] secret = new byte[20];
                    random.nextBytes(secret);
                    UUID credentialId = UUID.randomUUID();
                    byte[] associated = ("tollgate/totp-credential/user:" + id + "/credential:" + credentialId)
                            .getBytes(StandardCharsets.UTF_8);
                    credential.setObject(1, credentialId);
                    credential.setLong(2, id);
                    credential.setString(3, cipher.encrypt(secret, associated));
                    credential.addBatch();
                    recovery.setLong(1, id);
                    recovery.setString(2, hash);
                    recovery.addBatch();
                    users.add(new User(name, secret));
                }
                credential.executeBatch();
                recovery.executeBatch();
            }
            db.commit();
        }
        return users;
    }

    /** Argon2id at its smallest parameters, in the gateway's PHC form. */
    private static String cheapHash(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(8).withIterations(1).withParallelism(1).withSalt(salt).build());
        byte[] out = new byte[32];
        generator.generateBytes(password.toCharArray(), out);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=8,t=1,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(out);
    }

    private interface Work<T, R> {
        R run(T item) throws Exception;
    }

    private static <T, R> List<R> parallel(ExecutorService pool, List<T> items, Work<T, R> work) throws Exception {
        List<Future<R>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(pool.submit(() -> work.run(item)));
        }
        List<R> results = new ArrayList<>(items.size());
        for (Future<R> f : futures) {
            results.add(f.get());
        }
        return results;
    }

    /**
     * Runs the command in TOTP_STEP_HOOK, if set, with "before" or "after" the measured phase:
     * to start and stop a profile of the code step alone, for instance.
     */
    private static void hook(String when) throws Exception {
        String command = System.getenv("TOTP_STEP_HOOK");
        if (command != null && !command.isBlank()) {
            new ProcessBuilder("sh", "-c", command + " " + when).inheritIO().start().waitFor();
        }
    }

    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime and stime: fields 14 and 15 of the line, 12 and 13 after the command name.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static Map<String, String> readStores(Path file) throws Exception {
        java.util.HashMap<String, String> config = new java.util.HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (line.startsWith("-D") && eq > 0) {
                config.put(line.substring(2, eq), line.substring(eq + 1));
            }
        }
        return config;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
