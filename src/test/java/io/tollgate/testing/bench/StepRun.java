package io.tollgate.testing.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import io.tollgate.crypto.KeyRing;
import io.tollgate.crypto.SecretCipher;

/**
 * One sign-in step measured against a running gateway, as the step load generators share it:
 * their common arguments, a first fifth of the prepared users to warm the gateway up, then the
 * rest timed one by one with the CPU the gateway and this client used meanwhile.
 *
 * <p>Common arguments: gateway base URL, stores file (as written by {@link BenchStores}), crypto
 * key (base64, id "bench"), users, in flight, gateway pid, clock ticks per second.
 */
final class StepRun {

    /** What a step took: latencies in nanoseconds, sorted; wall time; CPU clock ticks of each side. */
    record Measured(long[] latencies, double seconds, long gatewayTicks, long clientTicks, long ticksPerSecond) {

        int count() {
            return latencies.length;
        }

        double perSecond() {
            return count() / seconds;
        }

        double percentileMillis(double share) {
            return latencies[(int) Math.min(count() - 1, count() * share)] / 1e6;
        }

        double gatewayCpuMillisEach() {
            return gatewayTicks * 1e3 / ticksPerSecond / count();
        }

        double clientCpuSeconds() {
            return (double) clientTicks / ticksPerSecond;
        }
    }

    final SignInClient client;
    final Map<String, String> stores;
    final SecretCipher cipher;
    final int users;
    final int inFlight;
    private final long gatewayPid;
    private final long ticksPerSecond;

    StepRun(String[] args) throws Exception {
        this.client = new SignInClient(args[0]);
        this.stores = BenchUsers.readStores(Path.of(args[1]));
        this.cipher = new SecretCipher(KeyRing.from(Map.of("bench", args[2]), Optional.of("bench")));
        this.users = Integer.parseInt(args[3]);
        this.inFlight = Integer.parseInt(args[4]);
        this.gatewayPid = Long.parseLong(args[5]);
        this.ticksPerSecond = Long.parseLong(args[6]);
    }

    /** Runs the step for the first fifth of the prepared items unmeasured, then measures it for the rest. */
    <T> Measured measure(ExecutorService pool, List<T> prepared, BenchUsers.Work<T, ?> step, Runnable before,
            Runnable after) throws Exception {
        int warmUp = prepared.size() / 5;
        timed(pool, prepared.subList(0, warmUp), step);
        before.run();
        long gatewayBefore = BenchUsers.cpuTicks(gatewayPid);
        long clientBefore = BenchUsers.cpuTicks(ProcessHandle.current().pid());
        long begin = System.nanoTime();
        long[] latencies = timed(pool, prepared.subList(warmUp, prepared.size()), step);
        double seconds = (System.nanoTime() - begin) / 1e9;
        long gatewayTicks = BenchUsers.cpuTicks(gatewayPid) - gatewayBefore;
        long clientTicks = BenchUsers.cpuTicks(ProcessHandle.current().pid()) - clientBefore;
        after.run();
        Arrays.sort(latencies);
        return new Measured(latencies, seconds, gatewayTicks, clientTicks, ticksPerSecond);
    }

    private static <T> long[] timed(ExecutorService pool, List<T> items, BenchUsers.Work<T, ?> step) throws Exception {
        return BenchUsers.parallel(pool, items, item -> {
            long start = System.nanoTime();
            step.run(item);
            return System.nanoTime() - start;
        }).stream().mapToLong(Long::longValue).toArray();
    }
}
