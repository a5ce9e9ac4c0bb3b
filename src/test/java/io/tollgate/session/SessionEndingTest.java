package io.tollgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Ending all (or some) of a user's sessions at once, through the per-user index. */
@QuarkusTest
class SessionEndingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    SessionStore store;

    private Session signedIn(String username, List<String> groups) {
        Session anonymous = store.anonymous(Session.Client.UNKNOWN);
        return store.changeLevel(anonymous, username, AuthLevel.TWO_FACTOR,
                new Session.Identity(username, null, groups, false, 0), Session.Pending.NONE).await().atMost(WAIT);
    }

    @Test
    void endAllOfEndsEverySessionOfTheUserAndNoOneElses() {
        Session laptop = signedIn("ending-bob", List.of("staff"));
        Session phone = signedIn("Ending-Bob", List.of("staff"));
        Session other = signedIn("ending-carol", List.of("staff"));
        Set<String> ended = store.endAllOf("ending-bob").await().atMost(WAIT);
        assertEquals(Set.of(SessionStore.handle(laptop.id()), SessionStore.handle(phone.id())), ended);
        assertEquals(Optional.empty(), store.find(laptop.id()).await().atMost(WAIT));
        assertEquals(Optional.empty(), store.find(phone.id()).await().atMost(WAIT));
        assertTrue(store.find(other.id()).await().atMost(WAIT).isPresent());
        assertEquals(List.of(), store.sessionsOf("ending-bob").await().atMost(WAIT));
        assertEquals(Set.of(), store.endAllOf("ending-bob").await().atMost(WAIT), "nothing left to end");
    }

    @Test
    void onlyTheSessionsPickedEnd() {
        Session before = signedIn("ending-dave", List.of("staff"));
        Session after = signedIn("ending-dave", List.of("auditors", "staff"));
        Set<String> ended = store.endAllOf("ending-dave", s -> !s.identity().groups().contains("auditors"))
                .await().atMost(WAIT);
        assertEquals(Set.of(SessionStore.handle(before.id())), ended);
        assertEquals(Optional.empty(), store.find(before.id()).await().atMost(WAIT));
        assertTrue(store.find(after.id()).await().atMost(WAIT).isPresent());
        assertEquals(1, store.sessionsOf("ending-dave").await().atMost(WAIT).size());
    }
}
