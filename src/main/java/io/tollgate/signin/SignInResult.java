package io.tollgate.signin;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.session.Session;

/** How a sign-in step ended. */
public sealed interface SignInResult {

    /** A browser's new trust: the cookie value and how long it lasts. */
    record Trust(String token, Duration validity) {
    }

    /**
     * Done: the session moved on (its id may have changed).
     *
     * @param recoveryCodesLeft the unused recovery codes, when few enough to warn about
     * @param trusted a trust just given to this browser, whose token goes into its cookie
     */
    record Passed(Session session, Optional<Long> recoveryCodesLeft, Optional<Trust> trusted) implements SignInResult {
        Passed(Session session, Optional<Long> recoveryCodesLeft) {
            this(session, recoveryCodesLeft, Optional.empty());
        }
    }

    /** @param fromAnotherTime a valid code of another time: the phone's clock is likely wrong */
    record Wrong(int attemptsLeft, boolean fromAnotherTime) implements SignInResult {
        Wrong(int attemptsLeft) {
            this(attemptsLeft, false);
        }
    }

    record Replay() implements SignInResult {
    }

    /** @param kind the user's own lock, or their network's queue (many failures from the same address) */
    record Locked(Instant until, SecondFactorGuard.LockKind kind) implements SignInResult {
        Locked(SecondFactorGuard.Decision refused) {
            this(refused.lockedUntil().orElseThrow(), refused.lockKind());
        }
    }

    /** Not a code at all: not counted. */
    record Malformed() implements SignInResult {
    }

    /** A store needed for the step did not answer: nothing was decided. */
    record Unavailable() implements SignInResult {
    }

    /** The account was disabled or removed mid-way: the session is ended. */
    record SignedOut() implements SignInResult {
    }
}
