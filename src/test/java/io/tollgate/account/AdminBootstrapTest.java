package io.tollgate.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.TestAccounts;

@QuarkusTest
class AdminBootstrapTest {

    @Inject
    AdminBootstrap bootstrap;
    @Inject
    UserRepository users;
    @Inject
    PasswordHasher hasher;

    @Test
    void theFirstAdministratorIsCreatedOnlyWhileThereIsNone() {
        TestAccounts.await(() -> Panache.withTransaction(() -> users.update("admin = false where admin = true")));
        User squatter = new User();
        squatter.username = "taken-name";
        TestAccounts.await(() -> Panache.withTransaction(() -> users.persist(squatter)));
        String refused = TestAccounts.await(() -> bootstrap.createIfNoAdmin("Taken-Name", "a long enough secret".toCharArray()));
        assertTrue(refused.contains("not created"), refused);
        assertTrue(!TestAccounts.await(() -> Panache.withSession(() -> users.findByUsername("taken-name"))).admin,
                "an existing user is never promoted without the password");
        String created = TestAccounts.await(() -> bootstrap.createIfNoAdmin("first-admin", "a long enough secret".toCharArray()));
        assertTrue(created.contains("created"), created);
        User admin = TestAccounts.await(() -> Panache.withSession(() -> users.findByUsername("first-admin")));
        assertTrue(admin.admin);
        assertTrue(TestAccounts.await(() -> hasher.matches("a long enough secret".toCharArray(), admin.passwordHash)));

        String again = TestAccounts.await(() -> bootstrap.createIfNoAdmin("second-admin", "another long secret".toCharArray()));
        assertTrue(again.contains("not needed"), again);
        assertEquals(null, TestAccounts.await(() -> Panache.withSession(() -> users.findByUsername("second-admin"))));
    }
}
