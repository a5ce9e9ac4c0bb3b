package io.tollgate.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/** Users and groups in the database, through their repositories: lookups ignoring case, memberships, unique names. */
@QuarkusTest
class UserAndGroupRepositoriesTest {

    @Inject
    UserRepository users;

    @Inject
    GroupRepository groups;

    @Test
    void usersAndGroupsAreStoredWithTheirMemberships() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> {
            Group staff = new Group();
            staff.name = "Repo-Staff";
            User alice = new User();
            alice.username = "Repo-Alice";
            alice.displayName = "Alice Martin";
            alice.email = "alice@example.com";
            alice.groups.add(staff);
            return groups.persist(staff).chain(() -> users.persist(alice));
        }));

        User found = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> users.findWithGroups("REPO-ALICE")));
        assertNotNull(found, "usernames are found ignoring case");
        assertEquals("Alice Martin", found.displayName);
        assertEquals(List.of("Repo-Staff"), found.groups.stream().map(g -> g.name).toList());
        assertNotNull(found.createdAt);

        List<User> members = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> users.membersOf("repo-staff")));
        assertEquals(List.of("Repo-Alice"), members.stream().map(u -> u.username).toList());
        assertNotNull(VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> groups.findByName("REPO-STAFF"))));
        assertNull(VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> users.findByUsername("nobody"))));
    }

    @Test
    void usernamesDifferingOnlyInCaseAreRefused() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> {
            User bob = new User();
            bob.username = "case-bob";
            return users.persist(bob);
        }));
        Throwable failure = assertThrows(Throwable.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> {
                    User other = new User();
                    other.username = "CASE-BOB";
                    return users.persist(other);
                })));
        assertTrue(String.valueOf(rootMessage(failure)).contains("users_username_ci"), rootMessage(failure));
    }

    private static String rootMessage(Throwable t) {
        Throwable cause = t;
        StringBuilder all = new StringBuilder();
        while (cause != null) {
            all.append(cause.getMessage()).append(" | ");
            cause = cause.getCause();
        }
        return all.toString();
    }
}
