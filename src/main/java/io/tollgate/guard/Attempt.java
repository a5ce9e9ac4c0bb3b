package io.tollgate.guard;

import io.smallrye.mutiny.Uni;

/**
 * One reserved attempt (a password or a recovery code), settled exactly once: passed, signed
 * in, failed, or released when a store failed and nothing was decided. A second settlement is
 * ignored, so an attempt released after it passed is not taken off the counts twice.
 */
public interface Attempt {

    /** Refused before any check: {@link #decision()} says by which lock and until when. */
    boolean refused();

    SecondFactorGuard.Decision decision();

    /** Right, and more steps follow (a password before a code): the user's failures still count. */
    Uni<Void> passed();

    /** Right, and the sign-in is complete: the user's failures are forgotten. */
    Uni<Void> signedIn();

    /**
     * Wrong: it stays counted, and the limits reached now lock.
     *
     * @param knownUsername the account's name for the log, or null when no such account exists
     */
    Uni<SecondFactorGuard.Decision> failed(String knownUsername);

    /** Nothing was decided (a store failed mid-way): not counted; nothing if already settled. Never fails. */
    Uni<Void> release();
}
