package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The registry of open tunnels, with tunnels the test closes by hand. */
class OpenTunnelsTest {

    private final OpenTunnels tunnels = new OpenTunnels();

    @Test
    void closingASessionClosesItsTunnelsOnly() {
        FakeTunnel a1 = new FakeTunnel();
        FakeTunnel a2 = new FakeTunnel();
        FakeTunnel b = new FakeTunnel();
        FakeTunnel bypass = new FakeTunnel();
        tunnels.register("session-a", a1);
        tunnels.register("session-a", a2);
        tunnels.register("session-b", b);
        tunnels.register(null, bypass);
        assertEquals(Set.of("session-a", "session-b"), tunnels.sessionKeys());
        assertEquals(4, tunnels.size());

        assertEquals(2, tunnels.closeFor("session-a"));
        assertTrue(a1.closed && a2.closed);
        assertFalse(b.closed || bypass.closed);
        assertEquals(Set.of("session-b"), tunnels.sessionKeys());
        assertEquals(0, tunnels.closeFor("session-a"));
        assertEquals(0, tunnels.closeFor((String) null));
        assertEquals(2, tunnels.size());
    }

    @Test
    void closingSeveralSessionsAtOnce() {
        tunnels.register("a", new FakeTunnel());
        tunnels.register("b", new FakeTunnel());
        tunnels.register("c", new FakeTunnel());
        assertEquals(2, tunnels.closeFor(List.of("a", "b", "unknown")));
        assertEquals(Set.of("c"), tunnels.sessionKeys());
    }

    @Test
    void aTunnelThatEndsByItselfLeavesTheRegistry() {
        FakeTunnel first = new FakeTunnel();
        FakeTunnel second = new FakeTunnel();
        FakeTunnel bypass = new FakeTunnel();
        tunnels.register("session", first);
        tunnels.register("session", second);
        tunnels.register(null, bypass);
        first.close();
        assertEquals(Set.of("session"), tunnels.sessionKeys());
        second.close();
        bypass.close();
        assertEquals(Set.of(), tunnels.sessionKeys());
        assertEquals(0, tunnels.size());
    }

    @Test
    void aTunnelAlreadyClosedWhenRegisteredIsNotKept() {
        FakeTunnel closed = new FakeTunnel();
        closed.close();
        tunnels.register("session", closed);
        assertEquals(Set.of(), tunnels.sessionKeys());
        assertEquals(0, tunnels.size());
    }

    @Test
    void theKeysAreASnapshot() {
        tunnels.register("session", new FakeTunnel());
        Set<String> keys = tunnels.sessionKeys();
        tunnels.closeFor("session");
        assertEquals(Set.of("session"), keys);
        assertThrows(UnsupportedOperationException.class, () -> keys.add("other"));
    }

    /** Runs its close listeners when closed, like a real tunnel. */
    static final class FakeTunnel implements OpenTunnels.Tunnel {
        boolean closed;
        private final List<Runnable> listeners = new ArrayList<>();

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                listeners.forEach(Runnable::run);
            }
        }

        @Override
        public void onClose(Runnable action) {
            if (closed) {
                action.run();
            } else {
                listeners.add(action);
            }
        }
    }
}
