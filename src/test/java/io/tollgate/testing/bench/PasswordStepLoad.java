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
 * The password step under load, black-box against a running gateway: N users whose passwords
 * are hashed with the given Argon2id parameters (the gateway's defaults unless told), each with
 * the sign-in page open, send their password once, with a fixed number in flight. Each must
 * be sent on to the code step. The sign-in pages are fetched first and not counted; a first
 * share of the users warms the gateway up and is not counted either.
 *
 * <p>Arguments: gateway base URL, stores file (as written by {@link BenchStores}), crypto key
 * (base64, id "bench"), users, in flight, gateway pid, clock ticks per second, and optionally
 * the Argon2id memory (KiB), iterations and parallelism.
 */
public final class PasswordStepLoad {

    /** A user with the sign-in page open. */
    private record AtLoginPage(User user, SignInClient.Form form) {
    }

    private PasswordStepLoad() {
    }

    public static void main(String[] args) throws Exception {
        SignInClient client = new SignInClient(args[0]);
        Map<String, String> stores = BenchUsers.readStores(Path.of(args[1]));
        SecretCipher cipher = new SecretCipher(KeyRing.from(Map.of("bench", args[2]), Optional.of("bench")));
        int count = Integer.parseInt(args[3]);
        int inFlight = Integer.parseInt(args[4]);
        long gatewayPid = Long.parseLong(args[5]);
        long ticksPerSecond = Long.parseLong(args[6]);
        int memoryKib = args.length > 7 ? Integer.parseInt(args[7]) : 19456;
        int iterations = args.length > 8 ? Integer.parseInt(args[8]) : 2;
        int parallelism = args.length > 9 ? Integer.parseInt(args[9]) : 1;

        String hash = BenchUsers.argon2id(BenchUsers.PASSWORD, memoryKib, iterations, parallelism);
        List<User> users = BenchUsers.create(stores, cipher, count, hash);
        ExecutorService pool = Executors.newFixedThreadPool(inFlight);
        try {
            List<AtLoginPage> waiting = parallel(pool, users, user -> new AtLoginPage(user, client.loginPage()));
            int warmUp = waiting.size() / 5;
            runSteps(pool, client, waiting.subList(0, warmUp));
            long cpuBefore = cpuTicks(gatewayPid);
            long clientBefore = cpuTicks(ProcessHandle.current().pid());
            long begin = System.nanoTime();
            long[] latencies = runSteps(pool, client, waiting.subList(warmUp, waiting.size()));
            double seconds = (System.nanoTime() - begin) / 1e9;
            long cpu = cpuTicks(gatewayPid) - cpuBefore;
            long clientCpu = cpuTicks(ProcessHandle.current().pid()) - clientBefore;
            Arrays.sort(latencies);
            int n = latencies.length;
            System.out.printf("sign_ins %d%nsign_ins_per_second %.1f%np50_ms %.1f%np99_ms %.1f%ncpu_ms_per_sign_in %.1f%n"
                    + "client_cpu_s %.2f%nhash m=%d,t=%d,p=%d%n", n, n / seconds, latencies[n / 2] / 1e6,
                    latencies[(int) (n * 0.99)] / 1e6, cpu * 1e3 / ticksPerSecond / n, (double) clientCpu / ticksPerSecond,
                    memoryKib, iterations, parallelism);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends each user's password once; every one must lead to the code step. */
    private static long[] runSteps(ExecutorService pool, SignInClient client, List<AtLoginPage> waiting)
            throws Exception {
        return parallel(pool, waiting, at -> {
            long start = System.nanoTime();
            client.password(at.user(), at.form());
            return System.nanoTime() - start;
        }).stream().mapToLong(Long::longValue).toArray();
    }
}
