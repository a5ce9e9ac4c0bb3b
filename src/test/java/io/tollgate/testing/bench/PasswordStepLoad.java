package io.tollgate.testing.bench;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.tollgate.testing.bench.BenchUsers.User;

/**
 * The password step under load, black-box against a running gateway: N users whose passwords
 * are hashed with the given Argon2id parameters (the gateway's defaults unless told), each with
 * the sign-in page open, send their password once, with a fixed number in flight. Each must
 * be sent on to the code step. The sign-in pages are fetched first and not counted; a first
 * share of the users warms the gateway up and is not counted either.
 *
 * <p>Arguments: those of {@link StepRun}, then optionally the Argon2id memory (KiB), iterations
 * and parallelism.
 */
public final class PasswordStepLoad {

    /** A user with the sign-in page open. */
    private record AtLoginPage(User user, SignInClient.Form form) {
    }

    private PasswordStepLoad() {
    }

    public static void main(String[] args) throws Exception {
        StepRun run = new StepRun(args);
        SignInClient client = run.client;
        int memoryKib = args.length > 7 ? Integer.parseInt(args[7]) : 19456;
        int iterations = args.length > 8 ? Integer.parseInt(args[8]) : 2;
        int parallelism = args.length > 9 ? Integer.parseInt(args[9]) : 1;

        String hash = BenchUsers.argon2id(BenchUsers.PASSWORD, memoryKib, iterations, parallelism);
        List<User> users = BenchUsers.create(run.stores, run.cipher, run.users, hash);
        ExecutorService pool = Executors.newFixedThreadPool(run.inFlight);
        try {
            List<AtLoginPage> waiting = BenchUsers.parallel(pool, users, user -> new AtLoginPage(user, client.loginPage()));
            StepRun.Measured m = run.measure(pool, waiting, at -> client.password(at.user(), at.form()), () -> {
            }, () -> {
            });
            System.out.printf("sign_ins %d%nsign_ins_per_second %.1f%np50_ms %.1f%np99_ms %.1f%ncpu_ms_per_sign_in %.1f%n"
                    + "client_cpu_s %.2f%nhash m=%d,t=%d,p=%d%n", m.count(), m.perSecond(), m.percentileMillis(0.5),
                    m.percentileMillis(0.99), m.gatewayCpuMillisEach(), m.clientCpuSeconds(), memoryKib, iterations,
                    parallelism);
        } finally {
            pool.shutdownNow();
        }
    }
}
