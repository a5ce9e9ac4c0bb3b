package io.tollgate.guard;

import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.tollgate.totp.Totp;

/**
 * Checks a submitted second-factor code against every credential of the user, then lets
 * {@link SecondFactorGuard} decide (lockout, replay, counters, the network's queue) in one atomic
 * step; a locked user is refused whatever the code, and so is everyone from a network whose queue
 * is too long; from a network past its throttle threshold, the answer waits for its turn. Fails
 * closed: when Redis cannot be asked, the answer is {@link Outcome.Unavailable}, never an
 * acceptance.
 */
public final class CodeVerifier {

    private static final Logger LOG = Logger.getLogger(CodeVerifier.class);

    /**
     * One credential to try, with a fresh {@link Totp} (not thread-safe) for this verification,
     * and the step of its last accepted code as the database keeps it: a code of that step or an
     * earlier one is a replay even when Redis, having restarted empty, no longer knows it.
     */
    public record Candidate(String credentialId, Totp totp, int period, long usedUpToStep) {

        public static final long NEVER_USED = Long.MIN_VALUE;

        public Candidate(String credentialId, Totp totp, int period) {
            this(credentialId, totp, period, NEVER_USED);
        }
    }

    public sealed interface Outcome {
        record Accepted(String credentialId, long step) implements Outcome {
        }

        /**
         * @param fromAnotherTime the code is one of the user's, for a time up to
         *        {@link #CLOCK_SLIP} away from now: most likely the phone's clock is wrong
         */
        record WrongCode(int attemptsLeft, boolean fromAnotherTime) implements Outcome {
        }

        record Replay() implements Outcome {
        }

        /** Refused unchecked: by the user's lock, or by their network's queue being too long. */
        record Locked(Instant until, SecondFactorGuard.LockKind kind) implements Outcome {
        }

        /** Not a code at all (letters, wrong length): not counted as an attempt. */
        record Malformed() implements Outcome {
        }

        record Unavailable() implements Outcome {
        }
    }

    /**
     * How far from now a refused code is still looked for, to tell the user their phone's
     * clock seems wrong instead of only "wrong code". It is refused and counted all the same.
     */
    public static final long CLOCK_SLIP = 15 * 60;

    private final SecondFactorGuard guard;

    public CodeVerifier(SecondFactorGuard guard) {
        this.guard = guard;
    }

    /**
     * The code is checked locally first (cheap), then Redis decides in one atomic round trip; a
     * refused user is refused whatever the code.
     *
     * @param user a stable, case-folded user key (also for unknown users, who get the same answers)
     */
    public Uni<Outcome> verify(String user, boolean admin, List<Candidate> candidates, String code, String address,
            long epochSeconds, int window) {
        if (!looksLikeACode(code)) {
            return Uni.createFrom().item(new Outcome.Malformed());
        }
        return check(user, admin, candidates, code, address, epochSeconds, window)
                .onFailure().recoverWithItem(CodeVerifier::unavailable);
    }

    private Uni<Outcome> check(String user, boolean admin, List<Candidate> candidates, String code, String address,
            long epochSeconds, int window) {
        for (Candidate candidate : candidates) {
            long step = candidate.totp().verify(code, epochSeconds, window);
            if (step != Totp.NO_MATCH && step <= candidate.usedUpToStep()) {
                // Counted like any refused code; answered as the replay it is.
                return guard.reject(user, admin, address).map(d -> d.locked() ? locked(d) : new Outcome.Replay());
            }
            if (step != Totp.NO_MATCH) {
                long retainMillis = (2L * window + 2) * candidate.period() * 1000L;
                return guard.accept(user, admin, address, candidate.credentialId(), step, retainMillis)
                        .map(d -> outcome(d, candidate.credentialId(), step));
            }
        }
        boolean anotherTime = fromAnotherTime(candidates, code, epochSeconds);
        return guard.reject(user, admin, address).map(d -> outcome(d, null, 0, anotherTime));
    }

    /** Whether the code is one of these credentials' for a time within {@link #CLOCK_SLIP} of now. */
    private static boolean fromAnotherTime(List<Candidate> candidates, String code, long epochSeconds) {
        for (Candidate candidate : candidates) {
            int steps = (int) Math.min(100, CLOCK_SLIP / Math.max(1, candidate.period()));
            if (candidate.totp().verify(code, epochSeconds, steps) != Totp.NO_MATCH) {
                return true;
            }
        }
        return false;
    }

    private static Outcome outcome(SecondFactorGuard.Decision d, String credentialId, long step) {
        return outcome(d, credentialId, step, false);
    }

    private static Outcome outcome(SecondFactorGuard.Decision d, String credentialId, long step, boolean anotherTime) {
        return switch (d.verdict()) {
            case ACCEPTED -> new Outcome.Accepted(credentialId, step);
            case LOCKED -> locked(d);
            case REPLAY -> d.locked() ? locked(d) : new Outcome.Replay();
            case OPEN -> throw new IllegalStateException("a verification never answers OPEN");
            case WRONG -> d.locked() ? locked(d)
                    : new Outcome.WrongCode(Math.max(0, d.limit() - d.userFailures()), anotherTime);
        };
    }

    private static Outcome locked(SecondFactorGuard.Decision d) {
        return new Outcome.Locked(d.lockedUntil().orElseThrow(), d.lockKind());
    }

    private static Outcome unavailable(Throwable failure) {
        LOG.warnf("Second factor refused, Redis unavailable: %s", failure.getMessage());
        return new Outcome.Unavailable();
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
