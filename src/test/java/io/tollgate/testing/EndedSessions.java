package io.tollgate.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.tollgate.session.SessionsEnded;

/** Every session handle this replica announced as ended, as an open WebSocket tunnel would hear it. */
@ApplicationScoped
public class EndedSessions {

    private final Set<String> handles = ConcurrentHashMap.newKeySet();

    void on(@Observes SessionsEnded event) {
        handles.addAll(event.sessionHandles());
    }

    public boolean announced(String handle) {
        return handles.contains(handle);
    }
}
