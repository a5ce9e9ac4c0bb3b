package io.tollgate.guard;

import java.util.concurrent.atomic.AtomicBoolean;

import io.smallrye.mutiny.Uni;

/**
 * One reserved attempt (a password or a recovery code), settled exactly once: passed, signed
 * in, failed, or released when a store failed and nothing was decided. A second settlement is
 * ignored, so an attempt released after it passed is not taken off the counts twice.
 */
public final class Attempt {

    private final SecondFactorGuard guard;
    private final String user;
    private final boolean admin;
    private final String network;
    private final SecondFactorGuard.Decision decision;
    private final AtomicBoolean settled;

    Attempt(SecondFactorGuard guard, String user, boolean admin, String network, SecondFactorGuard.Decision decision) {
        this.guard = guard;
        this.user = user;
        this.admin = admin;
        this.network = network;
        this.decision = decision;
        // A refused attempt was never counted: nothing to settle.
        this.settled = new AtomicBoolean(refused());
    }

    /** Refused before any check: {@link #decision()} says by which lock and until when. */
    public boolean refused() {
        return decision.verdict() != SecondFactorGuard.Verdict.OPEN;
    }

    public SecondFactorGuard.Decision decision() {
        return decision;
    }

    /** Right, and more steps follow (a password before a code): the user's failures still count. */
    public Uni<Void> passed() {
        return settled.compareAndSet(false, true) ? guard.settle(user, network, false) : Uni.createFrom().voidItem();
    }

    /** Right, and the sign-in is complete: the user's failures are forgotten. */
    public Uni<Void> signedIn() {
        return settled.compareAndSet(false, true) ? guard.settle(user, network, true) : Uni.createFrom().voidItem();
    }

    /**
     * Wrong: it stays counted, and the limits reached now lock.
     *
     * @param knownUsername the account's name for the log, or null when no such account exists
     */
    public Uni<SecondFactorGuard.Decision> failed(String knownUsername) {
        if (!settled.compareAndSet(false, true)) {
            return Uni.createFrom().failure(new IllegalStateException("attempt already settled"));
        }
        return guard.settleFailure(user, admin, network, knownUsername);
    }

    /** Nothing was decided (a store failed mid-way): not counted; nothing if already settled. Never fails. */
    public Uni<Void> release() {
        return settled.compareAndSet(false, true)
                ? guard.settle(user, network, false).onFailure().recoverWithNull().replaceWithVoid()
                : Uni.createFrom().voidItem();
    }
}
