package io.tollgate.account.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.tollgate.account.Argon2idAccess;

/**
 * One password check with the default Argon2id parameters (19 MiB, 2 iterations, parallelism
 * 1): the CPU time a sign-in costs, and so how many sign-ins a core can take per second. Run
 * with bench/password-jmh.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class PasswordHashBenchmark {

    private final String stored = Argon2idAccess.hash("correct horse battery staple");

    @Benchmark
    public boolean verifyDefaultParameters() {
        return Argon2idAccess.verify("correct horse battery staple", stored);
    }
}
