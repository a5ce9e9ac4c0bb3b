package io.tollgate.testing.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import io.tollgate.crypto.SecretCipher;

/**
 * What the sign-in load generators share: users written straight to the database as the
 * gateway stores them, Argon2id hashes in its PHC form, the stores file of {@link BenchStores},
 * CPU time of a process, and running work with a fixed number in flight.
 */
final class BenchUsers {

    /** Every bench user's password. */
    static final String PASSWORD = "bench-password";

    /** A user with one verified SHA-1, 6-digit, 30 s TOTP credential. */
    record User(String name, byte[] secret) {
    }

    interface Work<T, R> {
        R run(T item) throws Exception;
    }

    private BenchUsers() {
    }

    /**
     * Users bench-user-0..N, all with the given password hash, one verified TOTP credential
     * (the secret encrypted as the gateway stores it) and a full set of recovery codes, as most
     * users hold (the code step does not stop at the "running out" warning). Earlier runs'
     * users are replaced.
     */
    static List<User> create(Map<String, String> stores, SecretCipher cipher, int count, String passwordHash)
            throws Exception {
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
                    PreparedStatement recovery = db.prepareStatement("INSERT INTO recovery_codes (user_id, code_hash) "
                            + "SELECT ?, ? FROM generate_series(1, 10)")) {
                for (int i = 0; i < count; i++) {
                    String name = "bench-user-" + i;
                    user.setString(1, name);
                    user.setString(2, "Bench user " + i);
                    user.setString(3, passwordHash);
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
                    recovery.setString(2, passwordHash);
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

    /**
     * An Argon2id hash of the password in the gateway's PHC form. The gateway verifies with the
     * parameters of the stored hash: (8, 1, 1) makes the password step nearly free, the
     * defaults of {@code tollgate.passwords.*} (19456, 2, 1) make it cost what it costs.
     */
    static String argon2id(String password, int memoryKib, int iterations, int parallelism) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(parallelism).withSalt(salt).build());
        byte[] out = new byte[32];
        generator.generateBytes(password.toCharArray(), out);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$"
                + b64.encodeToString(salt) + "$" + b64.encodeToString(out);
    }

    static <T, R> List<R> parallel(ExecutorService pool, List<T> items, Work<T, R> work) throws Exception {
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

    /** User and system CPU clock ticks a process has used so far. */
    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime and stime: fields 14 and 15 of the line, 12 and 13 after the command name.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The gateway's store settings, as {@link BenchStores} wrote them (-Dkey=value lines). */
    static Map<String, String> readStores(Path file) throws Exception {
        Map<String, String> config = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (line.startsWith("-D") && eq > 0) {
                config.put(line.substring(2, eq), line.substring(eq + 1));
            }
        }
        return config;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
