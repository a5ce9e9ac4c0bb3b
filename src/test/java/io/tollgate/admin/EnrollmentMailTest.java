package io.tollgate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.account.User;
import io.tollgate.testing.TestAccounts;

/**
 * E-mail to users who must enroll, with the mailer's mock: a required user with an address is
 * told once, with the deadline of a grace period the mail fixes and the sign-in link; nobody
 * else is; a user told, who enrolls and later must enroll again, is told again.
 */
@QuarkusTest
class EnrollmentMailTest {

    @Inject
    EnrollmentMail mail;

    @Inject
    MockMailbox mailbox;

    @Inject
    TestAccounts accounts;

    @Inject
    UserDirectory directory;

    @BeforeEach
    void requiredGroup() {
        mailbox.clear();
        accounts.policy(Set.of("mail-required"), Set.of(), false, 7, Duration.ZERO, true);
    }

    @AfterEach
    void back() {
        accounts.policy(Set.of(), Set.of(), false, 7, Duration.ZERO, true);
        accounts.sql("DELETE FROM totp_credentials WHERE user_id IN (SELECT id FROM users WHERE username LIKE 'mail-%')");
    }

    private List<Mail> to(User user) {
        List<Mail> sent = mailbox.getMailsSentTo(user.email);
        return sent == null ? List.of() : sent;
    }

    @Test
    void aRequiredUserIsToldOnceWithTheirDeadlineAndTheLinkAndNobodyElseIs() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        User required = accounts.create("mail-req-" + suffix, false, "mail-required");
        User optional = accounts.create("mail-opt-" + suffix, false, "mail-other");
        User noAddress = accounts.create("mail-noaddr-" + suffix, false, "mail-required");
        accounts.sql("UPDATE users SET email = NULL WHERE id = ?1", noAddress.id);

        DirectoryEntry before = TestAccounts.await(() -> directory.find(required.id));
        assertEquals(EnrollmentState.GRACE, before.state());
        assertEquals(null, before.graceEndsAt(), "no deadline before the grace period starts");
        assertTrue(TestAccounts.await(() -> mail.sendDue()) >= 1);
        assertNotNull(TestAccounts.await(() -> directory.find(required.id)).graceEndsAt());
        List<Mail> sent = to(required);
        assertEquals(1, sent.size());
        Mail message = sent.get(0);
        assertEquals("Set up two-step verification", message.getSubject());
        User started = accounts.reload(required.username);
        assertNotNull(started.totpGraceStartedAt, "the mail fixes the start of the grace period");
        String deadline = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC)
                .format(started.totpGraceStartedAt.toInstant().plus(Duration.ofDays(7)));
        assertTrue(message.getText().contains("before " + deadline), message.getText());
        assertTrue(message.getText().contains("https://auth.example.test/.tollgate/login"), message.getText());
        assertTrue(message.getText().contains("Hello Name of " + required.username), message.getText());
        assertTrue(to(optional).isEmpty(), "not required: not told");

        TestAccounts.await(() -> mail.sendDue());
        assertEquals(1, to(required).size(), "told once");
    }

    @Test
    void aUserWhoEnrollsAndLaterMustEnrollAgainIsToldAgain() {
        User user = accounts.create("mail-again-" + UUID.randomUUID().toString().substring(0, 8), false, "mail-required");
        TestAccounts.await(() -> mail.sendDue());
        assertEquals(1, to(user).size());
        accounts.sql("INSERT INTO totp_credentials (id, user_id, name, secret, algorithm, digits, period, verified) "
                + "VALUES (gen_random_uuid(), ?1, 'phone', 'v1:none:x', 'SHA1', 6, 30, TRUE)", user.id);
        TestAccounts.await(() -> mail.sendDue());
        assertEquals(1, to(user).size(), "enrolled: nothing to tell");
        accounts.sql("DELETE FROM totp_credentials WHERE user_id = ?1", user.id);
        TestAccounts.await(() -> mail.sendDue());
        assertEquals(2, to(user).size(), "owes an enrollment again: told again");
    }
}
