package io.tollgate.session;

import java.util.Set;

/**
 * A CDI event fired on the replica that ended some sessions (logout, "sign out other session",
 * or an account change that ended a user's sessions), so that what still runs for them — open
 * WebSocket tunnels — can be closed. Other replicas learn of it at their next look at Redis.
 * Observers run on the event loop that fired it: they must not block.
 *
 * @param sessionHandles the ended sessions' handles ({@link SessionStore#handle})
 */
public record SessionsEnded(Set<String> sessionHandles) {

    public SessionsEnded {
        sessionHandles = Set.copyOf(sessionHandles);
    }
}
