package io.tollgate.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tollgate.account.User;
import io.tollgate.credential.SecretImport;
import io.tollgate.credential.SecretImporter;
import io.tollgate.policy.PolicySettingsStore;
import io.tollgate.session.SessionStore;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestAccounts;
import io.tollgate.totp.Base32;
import io.tollgate.totp.HashAlgorithm;
import io.tollgate.totp.Totp;

/**
 * The console over HTTP: only administrators signed in with two factors enter; a change needs a
 * code from the last ten minutes, asked in the change's own form and carried out with it; the
 * pages show the directory, a user, the policy with field errors, the audit log and the dashboard.
 */
@QuarkusTest
class ConsoleTest {

    static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    static final Totp APP = new Totp(HashAlgorithm.SHA1, Base32.decode(SECRET), 6, 30);
    static final String CONSOLE = "/.tollgate/admin";

    @Inject
    TestAccounts accounts;

    @Inject
    SecretImporter importer;

    @Inject
    SessionStore sessions;

    @Inject
    PolicySettingsStore policy;

    @BeforeEach
    void policy() {
        accounts.unlock();
        accounts.policy(Set.of("console-required"), Set.of(), false, 7, Duration.ZERO, true);
    }

    @AfterAll
    static void forgetAuthenticators() {
        // Another test re-encrypts the whole table with a key ring of its own, which cannot read these.
        Arc.container().instance(TestAccounts.class).get()
                .sql("DELETE FROM totp_credentials WHERE user_id IN (SELECT id FROM users WHERE username LIKE 'console-%')");
    }

    static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A user with an authenticator, signed in with a code: a two-factor session with a code just given. */
    PortalClient signedInWithCode(String username, boolean admin) {
        accounts.create(username, admin);
        assertEquals(1, TestAccounts.await(() -> importer.importAll(SecretImport.read(SecretImport.Format.OTPAUTH,
                "otpauth://totp/Old:" + username + "?secret=" + SECRET + "\n", null), false)).imported());
        PortalClient browser = new PortalClient("alpha.test");
        assertEquals(303, browser.signIn(username, TestAccounts.PASSWORD).statusCode());
        Response code = browser.code(APP.codeAt(Instant.now().getEpochSecond()));
        assertTrue(code.statusCode() == 303 || code.statusCode() == 200, code.asString());
        return browser;
    }

    /** The session's code given eleven minutes ago, as if the administrator had been away. */
    void codeGivenLongAgo(PortalClient browser) {
        String id = browser.cookie("tollgate_session");
        var session = TestAccounts.await(() -> sessions.find(id)).orElseThrow();
        TestAccounts.await(() -> sessions.update(session.withLastTwoFactorAt(Instant.now().minus(Duration.ofMinutes(11)))));
    }

    @Test
    void onlyAdministratorsSignedInWithTwoFactorsEnter() {
        Response anonymous = new PortalClient("alpha.test").get(CONSOLE);
        assertEquals(303, anonymous.statusCode());
        assertTrue(anonymous.header("Location").contains("/login"), anonymous.header("Location"));

        PortalClient staff = signedInWithCode("console-staff-" + suffix(), false);
        User someone = accounts.create("console-someone-" + suffix(), false);
        for (String page : new String[] { "", "/users", "/users/csv", "/users/" + someone.id, "/groups", "/policy",
                "/audit", "/audit/csv" }) {
            Response refused = staff.get(CONSOLE + page);
            assertEquals(403, refused.statusCode(), page);
            assertTrue(refused.asString().contains("Administration is for administrators"), page);
        }
        // A page with the session's form token, as any portal page has.
        staff.get("/.tollgate/account");
        assertTrue(staff.hiddenFields().containsKey("csrf"));
        for (String action : new String[] { "/users/" + someone.id + "/reset", "/users/" + someone.id + "/disable",
                "/users/" + someone.id + "/unlock", "/groups", "/policy" }) {
            staff.get("/.tollgate/account");
            Response refused = staff.submit(CONSOLE + action, "code", APP.codeAt(Instant.now().getEpochSecond()),
                    "name", "x", "graceDays", "1");
            assertEquals(403, refused.statusCode(), action);
            assertTrue(refused.asString().contains("Administration is for administrators"), action);
        }
        assertFalse(accounts.reload(someone.username).disabled);

        // An administrator with no authenticator signs in with the password alone (not required here): not enough.
        String passwordOnly = "console-pw-" + suffix();
        accounts.create(passwordOnly, true);
        PortalClient browser = new PortalClient("alpha.test");
        assertEquals(303, browser.signIn(passwordOnly, TestAccounts.PASSWORD).statusCode());
        Response needsCode = browser.get(CONSOLE);
        assertEquals(403, needsCode.statusCode());
        assertTrue(needsCode.asString().contains("Administration needs two-step sign-in"));

        PortalClient admin = signedInWithCode("console-admin-" + suffix(), true);
        Response dashboard = admin.get(CONSOLE);
        assertEquals(200, dashboard.statusCode());
        assertTrue(dashboard.asString().contains("<svg"), "the 30-day chart, drawn on the server");
        assertEquals("DENY", dashboard.header("X-Frame-Options"));
    }

    @Test
    void anAdministratorWhoRemovedTheirOnlyAuthenticatorIsAskedToSetOneUpNotLetThrough() {
        String adminName = "console-admin-" + suffix();
        PortalClient admin = signedInWithCode(adminName, true);
        User target = accounts.create("console-target-" + suffix(), false);
        long adminId = accounts.reload(adminName).id;
        // As the account page's "turn two-step verification off" does: the user's own change ends no session.
        TestAccounts.await(() -> Arc.container().instance(io.tollgate.credential.TotpCredentials.class).get()
                .deleteAll(adminId));
        Response page = admin.get(CONSOLE + "/users/" + target.id);
        assertEquals(403, page.statusCode());
        assertTrue(page.asString().contains("Administration needs two-step sign-in"), page.asString());
        admin.get("/.tollgate/account");
        Response change = admin.submit(CONSOLE + "/users/" + target.id + "/disable");
        assertEquals(403, change.statusCode());
        assertFalse(accounts.reload(target.username).disabled);
    }

    @Test
    void aChangeWithoutARecentCodeAsksForOneInItsOwnFormAndIsCarriedOutWithIt() {
        String adminName = "console-admin-" + suffix();
        PortalClient admin = signedInWithCode(adminName, true);
        User target = accounts.create("console-target-" + suffix(), false);
        codeGivenLongAgo(admin);

        Response page = admin.get(CONSOLE + "/users/" + target.id);
        assertEquals(200, page.statusCode());
        assertTrue(page.asString().contains("id=\"code-disable\""), "the form asks for a code");
        Response noCode = admin.submit(CONSOLE + "/users/" + target.id + "/disable");
        assertEquals(400, noCode.statusCode());
        assertTrue(noCode.asString().contains("Type the code your authenticator app shows"));
        assertFalse(accounts.reload(target.username).disabled);

        Response wrong = admin.submit(CONSOLE + "/users/" + target.id + "/disable", "code", "000000");
        assertEquals(400, wrong.statusCode());
        assertFalse(accounts.reload(target.username).disabled);

        Response done = admin.submit(CONSOLE + "/users/" + target.id + "/disable", "code",
                APP.codeAt(Instant.now().getEpochSecond() + 30));
        assertEquals(200, done.statusCode(), done.asString());
        assertTrue(done.asString().contains("is disabled"), done.asString());
        assertTrue(accounts.reload(target.username).disabled);
        assertFalse(done.asString().contains("id=\"code-disable\""), "confirmed now: no code asked for ten minutes");
    }

    @Test
    void theUsersPageSearchesFiltersAndLeadsToAUserWhoseResetEndsTheirSession() {
        PortalClient admin = signedInWithCode("console-admin-" + suffix(), true);
        String name = "console-user-" + suffix();
        PortalClient user = signedInWithCode(name, false);
        assertEquals(200, user.get("/secure/x").statusCode());

        Response list = admin.get(CONSOLE + "/users?search=" + name + "&state=enrolled");
        assertEquals(200, list.statusCode());
        assertTrue(list.asString().contains(">" + name + "</a>"), list.asString());
        Response none = admin.get(CONSOLE + "/users?search=" + name + "&state=overdue");
        assertFalse(none.asString().contains(">" + name + "</a>"));
        Response bad = admin.get(CONSOLE + "/users?state=sleepy");
        assertEquals(400, bad.statusCode());
        Response csv = admin.get(CONSOLE + "/users/csv?search=" + name);
        assertTrue(csv.asString().contains(name), csv.asString());

        long id = accounts.reload(name).id;
        Response userPage = admin.get(CONSOLE + "/users/" + id);
        assertEquals(200, userPage.statusCode());
        Response reset = admin.submit(CONSOLE + "/users/" + id + "/reset");
        assertEquals(200, reset.statusCode(), reset.asString());
        assertTrue(reset.asString().contains("was reset; 1 session ended."), reset.asString());
        assertEquals(302, user.get("/secure/x").statusCode(), "the user's session ended at once");

        Response audit = admin.get(CONSOLE + "/audit?type=SECOND_FACTOR_RESET&user=" + name);
        assertEquals(200, audit.statusCode());
        assertTrue(audit.asString().contains("two-step verification reset by"), audit.asString());
        assertEquals(400, admin.get(CONSOLE + "/audit?from=yesterday").statusCode());
    }

    @Test
    void thePolicyFormShowsEachErrorBesideItsFieldKeepsWhatWasTypedAndSavesForEveryReplica() {
        PortalClient admin = signedInWithCode("console-admin-" + suffix(), true);
        assertEquals(200, admin.get(CONSOLE + "/policy").statusCode());
        Response refused = admin.submit(CONSOLE + "/policy", "requiredGroups", "console-required, a;b",
                "graceDays", "soon", "maxTrustedDevices", "0", "credentialLifetimeDays", "0",
                "trustedDeviceValidityHours", "720");
        assertEquals(400, refused.statusCode());
        String html = refused.asString();
        assertTrue(html.contains("id=\"graceDays-error\""), html);
        assertTrue(html.contains("value=\"soon\""), "what was typed stays");
        assertEquals(7, TestAccounts.await(() -> policy.current()).graceDays(), "nothing of a refused form applies");

        admin.get(CONSOLE + "/policy");
        Response saved = admin.submit(CONSOLE + "/policy", "requiredGroups", "console-required, finance",
                "graceDays", "3", "maxTrustedDevices", "5", "credentialLifetimeDays", "0",
                "trustedDeviceValidityHours", "24", "recoveryCodesEnabled", "on", "maxAttempts", "5",
                "adminMaxAttempts", "3", "lockMinutes", "15");
        assertEquals(303, saved.statusCode(), saved.asString());
        var now = TestAccounts.await(() -> policy.current());
        assertEquals(3, now.graceDays());
        assertEquals(Set.of("console-required", "finance"), now.requiredGroups());
        assertFalse(now.adminsRequired(), "an unticked box is false");
        assertTrue(admin.follow(saved).asString().contains("Policy saved"));
    }

    @Test
    void anAdministratorCreatesAUserSetsTheirPasswordAndGroupsAndRevokesTheirDevice() {
        PortalClient admin = signedInWithCode("console-admin-" + suffix(), true);
        String group = "console-grp-" + suffix();
        accounts.create("console-holder-" + suffix(), false, group);
        String name = "console-new-" + suffix();
        admin.get(CONSOLE + "/users");
        Response shortPassword = admin.submit(CONSOLE + "/users", "username", name, "password", "short",
                "groups", group);
        assertEquals(400, shortPassword.statusCode());
        assertTrue(shortPassword.asString().contains("Password: at least 12 characters"), shortPassword.asString());
        assertTrue(shortPassword.asString().contains("value=\"" + name + "\""), "the username typed stays");
        assertFalse(shortPassword.asString().contains("value=\"short\""), "a typed password is never shown back");

        admin.get(CONSOLE + "/users");
        Response created = admin.submit(CONSOLE + "/users", "username", name, "displayName", "Zoë <b>New</b>",
                "password", "a long enough password", "groups", group);
        assertEquals(303, created.statusCode(), created.asString());
        Response page = admin.follow(created);
        assertTrue(page.asString().contains("Zoë &lt;b&gt;New&lt;/b&gt;"), "names are escaped");
        User made = accounts.reload(name);
        assertEquals(Set.of(group), made.groups.stream().map(g -> g.name).collect(java.util.stream.Collectors.toSet()));

        Response groups = admin.submit(CONSOLE + "/users/" + made.id + "/groups", "groups", "no-such-group");
        assertEquals(400, groups.statusCode());
        assertTrue(groups.asString().contains("no such group: no-such-group"), groups.asString());
        admin.get(CONSOLE + "/users/" + made.id);
        assertEquals(200, admin.submit(CONSOLE + "/users/" + made.id + "/groups", "groups", "").statusCode());
        assertTrue(accounts.reload(name).groups.isEmpty());

        admin.get(CONSOLE + "/users/" + made.id);
        Response password = admin.submit(CONSOLE + "/users/" + made.id + "/password", "password", "another long password");
        assertEquals(200, password.statusCode());
        assertEquals(303, new PortalClient("alpha.test").signIn(name, "another long password").statusCode());

        long device = TestAccounts.await(() -> policy.current().flatMap(settings -> Arc.container()
                .instance(io.tollgate.device.TrustedDevices.class).get()
                .trust(made.id, "laptop", "127.0.0.1", "test", settings))).device().id;
        admin.get(CONSOLE + "/users/" + made.id);
        Response revoked = admin.submit(CONSOLE + "/users/" + made.id + "/devices/" + device + "/revoke");
        assertEquals(200, revoked.statusCode(), revoked.asString());
        assertTrue(revoked.asString().contains("The trusted device is revoked."));
        admin.get(CONSOLE + "/users/" + made.id);
        assertEquals(404, admin.submit(CONSOLE + "/users/" + made.id + "/devices/" + device + "/revoke").statusCode());
    }

    @Test
    void groupsAreCreatedAndRenamedFromTheConsoleAndTheFrenchPagesAreFrench() {
        PortalClient admin = signedInWithCode("console-admin-" + suffix(), true);
        admin.get(CONSOLE + "/groups");
        String group = "console-team-" + suffix();
        Response created = admin.submit(CONSOLE + "/groups", "name", group);
        assertEquals(200, created.statusCode(), created.asString());
        assertTrue(created.asString().contains(group));
        Response duplicate = admin.submit(CONSOLE + "/groups", "name", group.toUpperCase());
        assertEquals(409, duplicate.statusCode());
        assertTrue(duplicate.asString().contains("A group with this name exists."), duplicate.asString());
        Response french = admin.get(CONSOLE + "/groups?lang=fr");
        assertTrue(french.asString().contains("Nouveau groupe"), french.asString());
        Response duplicateInFrench = admin.submit(CONSOLE + "/groups", "name", group);
        assertEquals(409, duplicateInFrench.statusCode());
        assertTrue(duplicateInFrench.asString().contains("Un groupe porte déjà ce nom."), duplicateInFrench.asString());
    }

    @Test
    void aGroupsPageListsItsMembersAddsThemByUsernameAndRemovesThem() {
        PortalClient admin = signedInWithCode("console-admin-" + suffix(), true);
        String group = "console-crew-" + suffix();
        User holder = accounts.create("console-holder-" + suffix(), false, group);
        User joiner = accounts.create("console-joiner-" + suffix(), false);
        long groupId = TestAccounts.await(() -> Arc.container().instance(io.tollgate.admin.GroupAdministration.class).get()
                .list()).stream().filter(g -> g.name().equals(group)).findFirst().orElseThrow().id();

        Response page = admin.get(CONSOLE + "/groups/" + groupId);
        assertEquals(200, page.statusCode());
        assertTrue(page.asString().contains(">" + holder.username + "</a>"), page.asString());
        assertFalse(page.asString().contains(">" + joiner.username + "</a>"));

        Response added = admin.submit(CONSOLE + "/groups/" + groupId + "/members", "username",
                joiner.username.toUpperCase(java.util.Locale.ROOT));
        assertEquals(200, added.statusCode(), added.asString());
        assertTrue(added.asString().contains(">" + joiner.username + "</a>"), "listed at once: " + added.asString());
        assertEquals(Set.of(group), accounts.reload(joiner.username).groups.stream().map(g -> g.name)
                .collect(java.util.stream.Collectors.toSet()));

        admin.get(CONSOLE + "/groups/" + groupId);
        Response nobody = admin.submit(CONSOLE + "/groups/" + groupId + "/members", "username", "nobody-" + suffix());
        assertEquals(400, nobody.statusCode());
        assertTrue(nobody.asString().contains("No such user."), nobody.asString());
        assertTrue(nobody.asString().contains("value=\"nobody-"), "what was typed stays");

        admin.get(CONSOLE + "/groups/" + groupId);
        Response removed = admin.submit(CONSOLE + "/groups/" + groupId + "/members/" + holder.id + "/remove");
        assertEquals(200, removed.statusCode(), removed.asString());
        assertFalse(removed.asString().contains(">" + holder.username + "</a>"), removed.asString());
        assertTrue(accounts.reload(holder.username).groups.isEmpty());

        Response audit = admin.get(CONSOLE + "/audit?type=GROUPS_CHANGED&user=" + holder.username);
        assertTrue(audit.asString().contains("removed from " + group), audit.asString());
        assertEquals(404, admin.get(CONSOLE + "/groups/999999999").statusCode());
        assertEquals(404, admin.get(CONSOLE + "/groups/not-a-number").statusCode());
    }

    @Test
    void refusedFieldsAreExplainedInTheLanguageOfTheConsole() {
        PortalClient admin = signedInWithCode("console-admin-" + suffix(), true);
        admin.get(CONSOLE + "/users?lang=fr");
        Response user = admin.submit(CONSOLE + "/users", "username", "not a name!", "password", "short",
                "email", "nowhere");
        assertEquals(400, user.statusCode());
        String html = user.asString();
        assertTrue(html.contains("Identifiant : 1 à 128 lettres, chiffres ou . _ @ + -"), html);
        assertTrue(html.contains("Mot de passe : au moins 12 caractères"), html);
        assertTrue(html.contains("Adresse e-mail : pas une adresse valide"), html);
        assertFalse(html.contains("at least 12 characters"), "nothing of it in English");

        admin.get(CONSOLE + "/policy");
        Response policyForm = admin.submit(CONSOLE + "/policy", "requiredGroups", "a;b", "graceDays", "bientôt",
                "maxTrustedDevices", "0", "credentialLifetimeDays", "0", "trustedDeviceValidityHours", "24",
                "maxAttempts", "5", "adminMaxAttempts", "3", "lockMinutes", "15");
        assertEquals(400, policyForm.statusCode());
        String policyHtml = policyForm.asString();
        assertTrue(policyHtml.contains("un nombre entier</p>"), policyHtml);
        assertFalse(policyHtml.contains("a whole number"), policyHtml);

        admin.get(CONSOLE + "/policy");
        Response ranges = admin.submit(CONSOLE + "/policy", "requiredGroups", "a;b", "graceDays", "3",
                "maxTrustedDevices", "0", "credentialLifetimeDays", "0", "trustedDeviceValidityHours", "24",
                "maxAttempts", "5", "adminMaxAttempts", "3", "lockMinutes", "15");
        assertEquals(400, ranges.statusCode());
        assertTrue(ranges.asString().contains("un nombre entier de 1 à "), ranges.asString());
        assertTrue(ranges.asString().contains("chaque nom de groupe : 1 à 128 lettres"), ranges.asString());

        Response audit = admin.get(CONSOLE + "/audit?from=hier");
        assertEquals(400, audit.statusCode());
        assertTrue(audit.asString().contains("une date et une heure telles que 2026-11-30T08:00"), audit.asString());
    }
}
