package io.tollgate.testing.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.tollgate.crypto.KeyRing;
import io.tollgate.crypto.SecretCipher;
import io.tollgate.testing.bench.BenchUsers.User;

/**
 * Sign-ins without end, for the mixed soak: each of a few workers takes the next user, opens
 * the sign-in page, sends the password (hashed with the gateway's default Argon2id
 * parameters), opens the code page, sends the current code and signs out, until the time is
 * up. Users are taken in turn, so one comes back only after all others: with enough users no
 * code is sent twice in one time step. Every 2 seconds the totals so far are appended to the
 * progress file as "seconds sign-ins failures".
 *
 * <p>Arguments: gateway base URL, stores file (as written by {@link BenchStores}), crypto key
 * (base64, id "bench"), users, workers, seconds, progress file.
 */
public final class SignInLoop {

    private SignInLoop() {
    }

    public static void main(String[] args) throws Exception {
        SignInClient client = new SignInClient(args[0]);
        Map<String, String> stores = BenchUsers.readStores(Path.of(args[1]));
        SecretCipher cipher = new SecretCipher(KeyRing.from(Map.of("bench", args[2]), Optional.of("bench")));
        int count = Integer.parseInt(args[3]);
        int workers = Integer.parseInt(args[4]);
        long seconds = Long.parseLong(args[5]);
        Path progress = Path.of(args[6]);

        List<User> users = BenchUsers.create(stores, cipher, count,
                BenchUsers.argon2id(BenchUsers.PASSWORD, 19456, 2, 1));
        AtomicInteger next = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        for (int w = 0; w < workers; w++) {
            pool.submit(() -> {
                while (System.nanoTime() < end) {
                    User user = users.get(Math.floorMod(next.getAndIncrement(), users.size()));
                    try {
                        String signedIn = client.code(user, client.codePage(client.password(user, client.loginPage())));
                        client.logout(signedIn);
                        done.incrementAndGet();
                    } catch (Exception e) {
                        if (failed.getAndIncrement() < 5) {
                            System.err.println("a sign-in failed: " + e.getMessage());
                        }
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        while (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
            report(progress, start, done, failed);
        }
        report(progress, start, done, failed);
    }

    private static void report(Path progress, long start, AtomicLong done, AtomicLong failed) throws Exception {
        Files.writeString(progress, String.format("%d %d %d%n", (System.nanoTime() - start) / 1_000_000_000L,
                done.get(), failed.get()), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
