package io.tollgate.guard;

import java.util.concurrent.atomic.AtomicBoolean;

import io.smallrye.mutiny.Uni;

/** An attempt reserved in Redis by the guard; see {@link Attempt}. */
final class ReservedAttempt implements Attempt {

    private final SecondFactorGuard guard;
    private final String user;
    private final boolean admin;
    private final String network;
    private final SecondFactorGuard.Decision decision;
    private final AtomicBoolean settled;

    ReservedAttempt(SecondFactorGuard guard, String user, boolean admin, String network, SecondFactorGuard.Decision decision) {
        this.guard = guard;
        this.user = user;
        this.admin = admin;
        this.network = network;
        this.decision = decision;
        // A refused attempt was never counted: nothing to settle.
        this.settled = new AtomicBoolean(refused());
    }

    @Override
    public boolean refused() {
        return decision.verdict() != SecondFactorGuard.Verdict.OPEN;
    }

    @Override
    public SecondFactorGuard.Decision decision() {
        return decision;
    }

    @Override
    public Uni<Void> passed() {
        return settled.compareAndSet(false, true) ? guard.settle(user, network, false) : Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> signedIn() {
        return settled.compareAndSet(false, true) ? guard.settle(user, network, true) : Uni.createFrom().voidItem();
    }

    @Override
    public Uni<SecondFactorGuard.Decision> failed(String knownUsername) {
        if (!settled.compareAndSet(false, true)) {
            return Uni.createFrom().failure(new IllegalStateException("attempt already settled"));
        }
        return guard.settleFailure(user, admin, network, knownUsername);
    }

    @Override
    public Uni<Void> release() {
        return settled.compareAndSet(false, true)
                ? guard.settle(user, network, false).onFailure().recoverWithNull().replaceWithVoid()
                : Uni.createFrom().voidItem();
    }
}
