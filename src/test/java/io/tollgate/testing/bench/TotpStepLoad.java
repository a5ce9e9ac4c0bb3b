package io.tollgate.testing.bench;

import static io.tollgate.testing.bench.BenchUsers.cpuTicks;
import static io.tollgate.testing.bench.BenchUsers.parallel;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.tollgate.crypto.KeyRing;
import io.tollgate.crypto.SecretCipher;
import io.tollgate.testing.bench.BenchUsers.User;

/**
 * The TOTP step under load, black-box against a running gateway: N users, each with their own
 * secret and their own session at the code page, send one valid code each, with a fixed number
 * in flight. Users are written straight to the database with a cheap Argon2id hash (the
 * gateway verifies with the parameters of the stored hash), so that bringing thousands of
 * sessions to the code page does not take the password step's time; only the code step is
 * measured. A first share of the users warms the gateway up and is not counted.
 *
 * <p>Arguments: gateway base URL, stores file (as written by {@link BenchStores}), crypto key
 * (base64, id "bench"), users, in flight, gateway pid, clock ticks per second.
 */
public final class TotpStepLoad {

    /** A user at the code page. */
    private record AtCodePage(User user, SignInClient.Form form) {
    }

    private TotpStepLoad() {
    }

    public static void main(String[] args) throws Exception {
        SignInClient client = new SignInClient(args[0]);
        Map<String, String> stores = BenchUsers.readStores(Path.of(args[1]));
        SecretCipher cipher = new SecretCipher(KeyRing.from(Map.of("bench", args[2]), Optional.of("bench")));
        int count = Integer.parseInt(args[3]);
        int inFlight = Integer.parseInt(args[4]);
        long gatewayPid = Long.parseLong(args[5]);
        long ticksPerSecond = Long.parseLong(args[6]);

        List<User> users = BenchUsers.create(stores, cipher, count, BenchUsers.argon2id(BenchUsers.PASSWORD, 8, 1, 1));
        ExecutorService pool = Executors.newFixedThreadPool(inFlight);
        try {
            long started = System.nanoTime();
            List<AtCodePage> waiting = parallel(pool, users,
                    user -> new AtCodePage(user, client.codePage(client.password(user, client.loginPage()))));
            System.err.printf("%d users at the code page in %.1f s%n", waiting.size(),
                    (System.nanoTime() - started) / 1e9);
            int warmUp = waiting.size() / 5;
            runSteps(pool, client, waiting.subList(0, warmUp));
            hook("before");
            long cpuBefore = cpuTicks(gatewayPid);
            long clientBefore = cpuTicks(ProcessHandle.current().pid());
            long begin = System.nanoTime();
            long[] latencies = runSteps(pool, client, waiting.subList(warmUp, waiting.size()));
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

    /** Sends each user's current code once; every step must end signed in. */
    private static long[] runSteps(ExecutorService pool, SignInClient client, List<AtCodePage> waiting)
            throws Exception {
        return parallel(pool, waiting, at -> {
            long start = System.nanoTime();
            client.code(at.user(), at.form());
            return System.nanoTime() - start;
        }).stream().mapToLong(Long::longValue).toArray();
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
}
