package io.tollgate.totp.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.tollgate.totp.HashAlgorithm;
import io.tollgate.totp.Hotp;
import io.tollgate.totp.Totp;

/**
 * Verifying one code with window 1 (three candidate steps) against a baseline that computes
 * just those three HMAC codes. Run with bench/totp-jmh.sh (adds -prof gc).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TotpVerifyBenchmark {

    private static final long NOW = 1_800_000_000L;

    @Param({ "SHA1", "SHA256", "SHA512" })
    public HashAlgorithm algorithm;

    private Totp totp;
    private Hotp hotp;
    private String lastStepCode;
    private long step;

    @Setup
    public void setUp() {
        byte[] key = new byte[algorithm.defaultSecretBytes];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        totp = new Totp(algorithm, key, 6, 30);
        hotp = new Hotp(algorithm, key, 6);
        step = totp.step(NOW);
        // The worst case: the code of the last step in the window, so all three are computed.
        lastStepCode = totp.codeAt(NOW + 30);
    }

    @Benchmark
    public long verify() {
        return totp.verify(lastStepCode, NOW, 1);
    }

    @Benchmark
    public long baselineThreeHmacs() {
        return hotp.code(step - 1) ^ hotp.code(step) ^ hotp.code(step + 1);
    }
}
