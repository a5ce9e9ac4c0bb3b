package io.tollgate.guard.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.smallrye.mutiny.Uni;
import io.tollgate.devstack.EmbeddedStores;
import io.tollgate.guard.CodeVerifier;
import io.tollgate.guard.GuardBench;
import io.tollgate.totp.HashAlgorithm;
import io.tollgate.totp.Totp;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * Replay guard plus attempt limiter against a local Redis: N verifications in flight at once
 * for a fixed time, each a fresh credential (check lock, claim the step, clear failures).
 * Usage (bench/guard-throughput.sh): [concurrency, default 64] [seconds, default 20] [redis URL]
 */
public final class GuardThroughput {

    public static void main(String[] args) throws Exception {
        int concurrency = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        EmbeddedStores stores = args.length > 2 ? null : EmbeddedStores.start(Path.of("target", "bench-stores"), false);
        String url = args.length > 2 ? args[2] : stores.redisUrl();
        Vertx vertx = Vertx.vertx();
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
                .setMaxPoolSize(16).setMaxPoolWaiting(4 * concurrency));
        CodeVerifier verifier = GuardBench.verifier(redis);
        byte[] key = "12345678901234567890".getBytes();
        long now = 1_800_000_000L;
        String code = new Totp(HashAlgorithm.SHA1, key, 6, 30).codeAt(now);
        AtomicLong accepted = new AtomicLong();
        AtomicLong other = new AtomicLong();
        AtomicLong ids = new AtomicLong();
        try {
            for (String phase : List.of("warm-up", "measure")) {
                accepted.set(0);
                other.set(0);
                long end = System.nanoTime() + Duration.ofSeconds(phase.equals("warm-up") ? 5 : seconds).toNanos();
                long start = System.nanoTime();
                CompletableFuture<?>[] workers = new CompletableFuture<?>[concurrency];
                for (int w = 0; w < concurrency; w++) {
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    workers[w] = done;
                    int worker = w;
                    vertx.runOnContext(() -> loop(verifier, key, code, now, worker, end, ids, accepted, other, done));
                }
                CompletableFuture.allOf(workers).get();
                double elapsed = (System.nanoTime() - start) / 1e9;
                if (phase.equals("measure")) {
                    System.out.printf("%d in flight, %.1f s: %.0f verifications/s (%d accepted, %d other outcomes)%n",
                            concurrency, elapsed, (accepted.get() + other.get()) / elapsed, accepted.get(), other.get());
                }
            }
        } finally {
            redis.close();
            vertx.closeAndAwait();
            if (stores != null) {
                stores.close();
            }
        }
        // The embedded servers' reader threads are not daemons.
        System.exit(0);
    }

    private static void loop(CodeVerifier verifier, byte[] key, String code, long now, int worker, long end,
            AtomicLong ids, AtomicLong accepted, AtomicLong other, CompletableFuture<Void> done) {
        if (System.nanoTime() >= end) {
            done.complete(null);
            return;
        }
        long id = ids.incrementAndGet();
        Uni<CodeVerifier.Outcome> outcome = verifier.verify("bench-user-" + worker, false,
                List.of(new CodeVerifier.Candidate("bench-" + id, new Totp(HashAlgorithm.SHA1, key, 6, 30), 30)), code,
                "10.1." + worker / 250 + "." + worker % 250, now, 1);
        outcome.subscribe().with(o -> {
            (o instanceof CodeVerifier.Outcome.Accepted ? accepted : other).incrementAndGet();
            loop(verifier, key, code, now, worker, end, ids, accepted, other, done);
        }, done::completeExceptionally);
    }
}
