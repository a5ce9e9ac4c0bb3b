package io.tollgate.proxy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The WebSocket tunnels open on this replica, by the session they were opened under, so that
 * ending a session (logout, reset, disable) also ends its tunnels: a tunnel checked its session
 * only once, at the upgrade. A tunnel leaves the registry by itself when it closes, whoever
 * closes it.
 */
@ApplicationScoped
public class OpenTunnels {

    /** What the registry needs of a tunnel. */
    public interface Tunnel {
        /** Closes both sides; the tunnel then reports its end to its close listener. */
        void close();

        /** Runs {@code action} once when the tunnel has ended, or at once if it already has. */
        void onClose(Runnable action);
    }

    private final ConcurrentHashMap<String, Set<Tunnel>> bySession = new ConcurrentHashMap<>();
    /** Tunnels of bypass routes, tied to no session: counted, never closed by a session's end. */
    private final Set<Tunnel> unbound = ConcurrentHashMap.newKeySet();

    /**
     * @param sessionKey the session id hash the upgrade was allowed under; null on a bypass route
     */
    public void register(String sessionKey, Tunnel tunnel) {
        if (sessionKey == null) {
            unbound.add(tunnel);
            tunnel.onClose(() -> unbound.remove(tunnel));
            return;
        }
        bySession.compute(sessionKey, (key, tunnels) -> {
            Set<Tunnel> set = tunnels == null ? ConcurrentHashMap.newKeySet() : tunnels;
            set.add(tunnel);
            return set;
        });
        tunnel.onClose(() -> bySession.computeIfPresent(sessionKey, (key, tunnels) -> {
            tunnels.remove(tunnel);
            return tunnels.isEmpty() ? null : tunnels;
        }));
    }

    /** Closes the tunnels opened under this session; returns how many were open. */
    public int closeFor(String sessionKey) {
        if (sessionKey == null) {
            return 0;
        }
        Set<Tunnel> tunnels = bySession.remove(sessionKey);
        if (tunnels == null) {
            return 0;
        }
        List<Tunnel> closing = new ArrayList<>(tunnels);
        closing.forEach(Tunnel::close);
        return closing.size();
    }

    /** Closes the tunnels of several sessions, for example every session of one user. */
    public int closeFor(Collection<String> sessionKeys) {
        int closed = 0;
        for (String key : sessionKeys) {
            closed += closeFor(key);
        }
        return closed;
    }

    /** The sessions that have a tunnel open now (a copy). */
    public Set<String> sessionKeys() {
        return Set.copyOf(bySession.keySet());
    }

    /** Tunnels open now, bypass routes included. */
    public int size() {
        int count = unbound.size();
        for (Set<Tunnel> tunnels : bySession.values()) {
            count += tunnels.size();
        }
        return count;
    }
}
