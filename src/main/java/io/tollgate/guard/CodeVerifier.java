package io.tollgate.guard;

import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.tollgate.totp.Totp;

/**
 * Checks a submitted second-factor code: lockouts first (without evaluating the code), then
 * every credential of the user, then the replay guard, then the counters. Fails closed: when
 * Redis cannot be asked, the answer is {@link Outcome.Unavailable}, never an acceptance.
 */
public final class CodeVerifier {

    private static final Logger LOG = Logger.getLogger(CodeVerifier.class);

    /** One credential to try, with a fresh {@link Totp} (not thread-safe) for this verification. */
    public record Candidate(String credentialId, Totp totp, int period) {
    }

    public sealed interface Outcome {
        record Accepted(String credentialId, long step) implements Outcome {
        }

        record WrongCode(int attemptsLeft) implements Outcome {
        }

        record Replay() implements Outcome {
        }

        record Locked(Instant until) implements Outcome {
        }

        /** Not a code at all (letters, wrong length): not counted as an attempt. */
        record Malformed() implements Outcome {
        }

        record Unavailable() implements Outcome {
        }
    }

    private final ReplayGuard replayGuard;
    private final AttemptLimiter limiter;

    public CodeVerifier(ReplayGuard replayGuard, AttemptLimiter limiter) {
        this.replayGuard = replayGuard;
        this.limiter = limiter;
    }

    /**
     * @param user a stable, case-folded user key (also for unknown users, who get the same answers)
     */
    public Uni<Outcome> verify(String user, boolean admin, List<Candidate> candidates, String code, String address,
            long epochSeconds, int window) {
        if (!looksLikeACode(code)) {
            return Uni.createFrom().item(new Outcome.Malformed());
        }
        return limiter.check(user, address)
                .flatMap(lock -> {
                    if (lock.locked()) {
                        return Uni.createFrom().<Outcome>item(new Outcome.Locked(lock.until().orElseThrow()));
                    }
                    for (Candidate candidate : candidates) {
                        long step = candidate.totp().verify(code, epochSeconds, window);
                        if (step != Totp.NO_MATCH) {
                            long retainMillis = (2L * window + 2) * candidate.period() * 1000L;
                            return replayGuard.claim(candidate.credentialId(), step, retainMillis)
                                    .flatMap(fresh -> fresh
                                            ? limiter.recordSuccess(user).replaceWith(
                                                    (Outcome) new Outcome.Accepted(candidate.credentialId(), step))
                                            : limiter.recordFailure(user, admin, address).map(f -> lockedOr(f, new Outcome.Replay())));
                        }
                    }
                    return limiter.recordFailure(user, admin, address)
                            .map(f -> lockedOr(f, new Outcome.WrongCode(f.attemptsLeft())));
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Second factor refused, Redis unavailable: %s", failure.getMessage());
                    return new Outcome.Unavailable();
                });
    }

    private static Outcome lockedOr(AttemptLimiter.Failure failure, Outcome otherwise) {
        return failure.lock().userUntil().isPresent() || failure.lock().addressUntil().isPresent()
                ? new Outcome.Locked(failure.lock().until().orElseThrow())
                : otherwise;
    }

    private static boolean looksLikeACode(String code) {
        if (code == null || code.length() < 6 || code.length() > 10) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
