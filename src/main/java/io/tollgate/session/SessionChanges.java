package io.tollgate.session;

import io.smallrye.mutiny.Uni;

/** What the sign-in steps do to a browser's session: move it to a new level, update it, end it. */
public interface SessionChanges {

    /**
     * Moves the session to a new level (and user) under a new id and CSRF token; the old id
     * stops working at once. Signing in restarts the absolute lifetime; reaching two factors
     * records when, unless {@code byCode} is false (a trusted device stood in for the code).
     */
    Uni<Session> changeLevel(Session current, String username, AuthLevel level, Session.Identity identity,
            Session.Pending pending, boolean byCode);

    /** The same, reached by a code. */
    default Uni<Session> changeLevel(Session current, String username, AuthLevel level, Session.Identity identity,
            Session.Pending pending) {
        return changeLevel(current, username, level, identity, pending, true);
    }

    /** Same id, same level: records a change of the pending step or of the last code. */
    Uni<Session> update(Session session);

    /** Ends the session. */
    Uni<Void> delete(Session session);
}
