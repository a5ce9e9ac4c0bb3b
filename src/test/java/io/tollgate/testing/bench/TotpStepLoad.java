package io.tollgate.testing.bench;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.tollgate.testing.bench.BenchUsers.User;

/**
 * The TOTP step under load, black-box against a running gateway: N users, each with their own
 * secret and their own session at the code page, send one valid code each, with a fixed number
 * in flight. Users are written straight to the database with a cheap Argon2id hash (the
 * gateway verifies with the parameters of the stored hash), so that bringing thousands of
 * sessions to the code page does not take the password step's time; only the code step is
 * measured. A first share of the users warms the gateway up and is not counted.
 *
 * <p>Arguments: those of {@link StepRun}.
 */
public final class TotpStepLoad {

    /** A user at the code page. */
    private record AtCodePage(User user, SignInClient.Form form) {
    }

    private TotpStepLoad() {
    }

    public static void main(String[] args) throws Exception {
        StepRun run = new StepRun(args);
        SignInClient client = run.client;
        List<User> users = BenchUsers.create(run.stores, run.cipher, run.users,
                BenchUsers.argon2id(BenchUsers.PASSWORD, 8, 1, 1));
        ExecutorService pool = Executors.newFixedThreadPool(run.inFlight);
        try {
            long started = System.nanoTime();
            List<AtCodePage> waiting = BenchUsers.parallel(pool, users,
                    user -> new AtCodePage(user, client.codePage(client.password(user, client.loginPage()))));
            System.err.printf("%d users at the code page in %.1f s%n", waiting.size(),
                    (System.nanoTime() - started) / 1e9);
            StepRun.Measured m = run.measure(pool, waiting, at -> client.code(at.user(), at.form()),
                    () -> hook("before"), () -> hook("after"));
            System.out.printf("steps %d%nsteps_per_second %.0f%np50_ms %.1f%np99_ms %.1f%ncpu_us_per_step %.0f%n"
                    + "client_cpu_s %.2f%n", m.count(), m.perSecond(), m.percentileMillis(0.5), m.percentileMillis(0.99),
                    m.gatewayCpuMillisEach() * 1000, m.clientCpuSeconds());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs the command in TOTP_STEP_HOOK, if set, with "before" or "after" the measured phase:
     * to start and stop a profile of the code step alone, for instance.
     */
    private static void hook(String when) {
        String command = System.getenv("TOTP_STEP_HOOK");
        if (command != null && !command.isBlank()) {
            try {
                new ProcessBuilder("sh", "-c", command + " " + when).inheritIO().start().waitFor();
            } catch (Exception e) {
                throw new IllegalStateException("TOTP_STEP_HOOK failed", e);
            }
        }
    }
}
