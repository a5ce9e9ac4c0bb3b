package io.tollgate.guard;

import io.smallrye.mutiny.Uni;

/** What a sign-in asks of the attempt counters: a reserved attempt, and forgetting a user's failures. */
public interface AttemptCounters {

    /**
     * Counts an attempt before it is checked, then waits for its turn in its network's queue;
     * refused when the user is locked or the network's queue is too long.
     */
    Uni<Attempt> reserve(String user, boolean admin, String address);

    /** A completed sign-in: the user's failures are forgotten. */
    Uni<Void> signedIn(String user);
}
