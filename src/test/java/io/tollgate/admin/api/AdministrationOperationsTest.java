package io.tollgate.admin.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tollgate.account.User;
import io.tollgate.caller.AuthKeys;
import io.tollgate.credential.RecoveryCodes;
import io.tollgate.device.TrustedDevices;
import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.policy.PolicySettingsStore;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.TestAccounts;

/**
 * What administrators do through the API, against the real stores: the directory pages by
 * cursor and filters; an import imports the good items and reports each bad one, and its codes
 * sign in; a reset removes authenticators, recovery codes and trusted devices and ends the
 * user's sessions at once; unlock clears a lockout; the policy changes with an audit of old and
 * new values; groups; exports open in a spreadsheet; re-encryption reports its progress.
 */
@QuarkusTest
class AdministrationOperationsTest {

    static final String API = AdminApiTest.API;
    /** Valid base32 secrets of 20 and 64 bytes. */
    static final String SHA1_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    static final String SHA512_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            + "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";

    @Inject
    TestAccounts accounts;

    @Inject
    AuthKeys keys;

    @Inject
    RecoveryCodes recoveryCodes;

    @Inject
    TrustedDevices devices;

    @Inject
    PolicySettingsStore policy;

    @Inject
    SecondFactorGuard guard;

    String key;
    User admin;

    /**
     * Authenticators this class imported go when it is done: another test re-encrypts the whole
     * table with a key ring of its own, which cannot read them.
     */
    @org.junit.jupiter.api.AfterAll
    static void forgetImportedAuthenticators() {
        io.quarkus.arc.Arc.container().instance(TestAccounts.class).get().sql("DELETE FROM totp_credentials WHERE user_id IN "
                + "(SELECT id FROM users WHERE username LIKE 'imp-%' OR username LIKE 'dir%' OR username LIKE 'reset-%')");
    }

    @BeforeEach
    void anAdministrator() {
        accounts.unlock();
        accounts.policy(Set.of("ops-required"), Set.of(), false, 7, Duration.ZERO, true);
        admin = accounts.create("ops-admin-" + suffix(), true);
        key = TestAccounts.await(() -> keys.create(admin.id, "ops", List.of(), null)).text();
    }

    static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    RequestSpecification api() {
        return given().redirects().follow(false).header("Host", "alpha.test").header("Authorization", "AuthKey " + key);
    }

    JsonPath importText(String format, String text, boolean dryRun) {
        Response r = api().contentType("text/plain").body(text)
                .post(API + "/imports?format=" + format + "&dryRun=" + dryRun);
        assertEquals(200, r.statusCode(), r.asString());
        return r.jsonPath();
    }

    @Test
    void theDirectoryPagesByCursorWithoutRepeatingOrSkippingAndFilters() {
        String prefix = "dir" + suffix();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(accounts.create(prefix + "-" + i, false, i % 2 == 0 ? "dir-even" : "dir-odd").username);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api().get(API + "/users?search=" + prefix + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.statusCode(), page.asString());
            seen.addAll(page.jsonPath().getList("items.username"));
            cursor = page.jsonPath().getString("next");
            pages++;
            if (pages == 1) {
                // Users added between pages: one before the cursor shifts nothing, one after it is seen.
                accounts.create(prefix + "-0a", false);
                accounts.create(prefix + "-3a", false);
                made.add(4, prefix + "-3a");
            }
        } while (cursor != null && pages < 10);
        assertEquals(made, seen);
        assertEquals(3, pages);

        List<String> newestFirst = pages(prefix, "sort=created&order=desc");
        assertEquals(List.of(prefix + "-3a", prefix + "-0a", prefix + "-4"), newestFirst.subList(0, 3));
        assertEquals(7, newestFirst.size(), "paged two by two by creation time: " + newestFirst);
        // Nobody here signed in: every key is the same, and the id keeps the order.
        List<String> bySignIn = pages(prefix, "sort=last-sign-in");
        assertEquals(7, bySignIn.size(), bySignIn.toString());
        assertEquals(7, new java.util.HashSet<>(bySignIn).size(), "none twice: " + bySignIn);

        List<String> odd = api().get(API + "/users?search=" + prefix + "&group=DIR-ODD").jsonPath().getList("items.username");
        assertEquals(List.of(prefix + "-1", prefix + "-3"), odd);

        importText("otpauth", "otpauth://totp/Old:" + prefix + "-2?secret=" + SHA1_SECRET + "&issuer=Old\n", false);
        assertEquals(List.of(prefix + "-2"), api().get(API + "/users?search=" + prefix + "&state=enrolled")
                .jsonPath().getList("items.username"));
        assertEquals(6, api().get(API + "/users?search=" + prefix + "&state=optional").jsonPath().getList("items").size());
        // A search for SQL wildcards finds them as typed.
        assertEquals(0, api().get(API + "/users?search=" + prefix + "%25").jsonPath().getList("items").size());
    }

    /** Every user of the search, two per page, following the cursors. */
    List<String> pages(String search, String order) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 10; pages++) {
            Response page = api().get(API + "/users?search=" + search + "&" + order + "&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.statusCode(), page.asString());
            seen.addAll(page.jsonPath().getList("items.username"));
            cursor = page.jsonPath().getString("next");
            if (cursor == null) {
                return seen;
            }
        }
        throw new AssertionError("more pages than users: " + seen);
    }

    @Test
    void anImportWithBadItemsImportsTheOthersReportsEachBadOneAndIsIdempotent() {
        String alice = accounts.create("imp-alice-" + suffix(), false).username;
        String bob = accounts.create("imp-bob-" + suffix(), false).username;
        String text = "issuer,username,algorithm,digits,period,secret\n"
                + "Old," + alice + ",SHA1,6,30," + SHA1_SECRET + "\n"
                + "Old,nobody-" + suffix() + ",SHA1,6,30," + SHA1_SECRET + "\n"
                + "Old," + bob + ",MD5,6,30," + SHA1_SECRET + "\n"
                + "Old," + bob + ",SHA1,11,30," + SHA1_SECRET + "\n"
                + "Old," + bob + ",SHA1,6,30,not*base32\n"
                + "Old," + bob + ",SHA512,8,30," + SHA512_SECRET + "\n";
        JsonPath dry = importText("authelia", text, true);
        assertTrue(dry.getBoolean("dryRun"));
        assertEquals(2, dry.getInt("imported"));
        assertEquals(4, dry.getList("problems").size(), dry.prettify());
        long aliceId = dry.getLong("imported") > 0 ? idOf(alice) : -1;
        assertEquals(0, api().get(API + "/users/" + aliceId).jsonPath().getList("authenticators").size(),
                "a dry run writes nothing");

        JsonPath done = importText("authelia", text, false);
        assertEquals(2, done.getInt("imported"));
        List<Map<String, Object>> problems = done.getList("problems");
        assertEquals(List.of(3, 4, 5, 6), problems.stream().map(p -> ((Number) p.get("item")).intValue()).sorted().toList());
        problems.forEach(p -> assertFalse(String.valueOf(p.get("reason")).contains(SHA1_SECRET), "no secret in a reason"));
        assertEquals(1, api().get(API + "/users/" + aliceId).jsonPath().getList("authenticators").size());

        JsonPath again = importText("authelia", text, false);
        assertEquals(0, again.getInt("imported"));
        assertEquals(2, again.getInt("alreadyPresent"));

        Response events = api().get(API + "/audit?type=SECRETS_IMPORTED&user=" + admin.username);
        assertEquals(200, events.statusCode());
        String details = events.jsonPath().getString("items[0].details");
        assertTrue(details.contains("0 imported, 2 already present, 4 refused"), details);
        assertFalse(details.contains(SHA1_SECRET));

        Response badFormat = api().contentType("text/plain").body("x").post(API + "/imports?format=keepass");
        assertEquals(400, badFormat.statusCode());
        assertNotNull(badFormat.jsonPath().getString("fields.format"));
        Response notCsv = api().contentType("text/plain").body("no header here").post(API + "/imports?format=authelia");
        assertEquals(400, notCsv.statusCode(), notCsv.asString());
        assertNotNull(notCsv.jsonPath().getString("fields.body"));
    }

    long idOf(String username) {
        return api().get(API + "/users?search=" + username).jsonPath().getLong("items[0].id");
    }

    @Test
    void importedSha256AndSha512EightDigitSecretsSignInWithCodesFromAnIndependentImplementation() throws Exception {
        Assumptions.assumeTrue(new java.io.File("/usr/bin/oathtool").canExecute(),
                "needs oathtool (Debian package oathtool), which CI installs");
        for (String algorithm : List.of("SHA256", "SHA512")) {
            String carol = accounts.create("imp-carol-" + suffix(), false, "ops-required").username;
            importText("otpauth", "otpauth://totp/Old:" + carol + "?secret=" + SHA512_SECRET + "&algorithm="
                    + algorithm + "&digits=8&period=30&issuer=Old\n", false);
            PortalClient browser = new PortalClient("alpha.test");
            Response password = browser.signIn(carol, TestAccounts.PASSWORD);
            assertEquals(303, password.statusCode());
            assertTrue(password.header("Location").contains("/totp"), password.header("Location"));
            Response code = browser.follow(browser.code(oathtool(algorithm.toLowerCase(), SHA512_SECRET)));
            // Accepted: an imported user has no recovery codes yet, which the page says before going on.
            assertEquals(200, code.statusCode(), algorithm + ": " + code.asString());
            assertTrue(code.asString().contains("Recovery codes running out"), code.asString());
            assertEquals(200, browser.get("/secure/x").statusCode(), algorithm);
        }
    }

    static String oathtool(String algorithm, String secret) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("oathtool", "--totp=" + algorithm, "--digits=8", "--base32", secret)
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    }

    @Test
    void aResetRemovesAuthenticatorsRecoveryCodesAndDevicesEndsSessionsAtOnceAndTheUserEnrollsAgain() {
        User dave = accounts.create("reset-dave-" + suffix(), false, "ops-required");
        importText("otpauth", "otpauth://totp/Old:" + dave.username + "?secret=" + SHA1_SECRET + "\n", false);
        TestAccounts.await(() -> recoveryCodes.issue(dave.id));
        TestAccounts.await(() -> policy.current().flatMap(settings -> devices.trust(dave.id, "laptop", "127.0.0.1",
                "test", settings)));
        PortalClient browser = new PortalClient("alpha.test");
        browser.signIn(dave.username, TestAccounts.PASSWORD);
        String code = new io.tollgate.totp.Totp(io.tollgate.totp.HashAlgorithm.SHA1,
                io.tollgate.totp.Base32.decode(SHA1_SECRET), 6, 30).codeAt(java.time.Instant.now().getEpochSecond());
        assertEquals(303, browser.code(code).statusCode());
        assertEquals(200, browser.get("/secure/x").statusCode());

        JsonPath before = api().get(API + "/users/" + dave.id).jsonPath();
        assertEquals(1, before.getList("authenticators").size());
        assertEquals(1, before.getList("devices").size());
        assertEquals(10, before.getInt("recoveryCodesLeft"));
        assertEquals(1, before.getList("sessions").size());
        assertEquals("enrolled", before.getString("user.state").toLowerCase());

        Response reset = api().post(API + "/users/" + dave.id + "/reset");
        assertEquals(200, reset.statusCode(), reset.asString());
        assertEquals("OVERDUE", reset.jsonPath().getString("user.state"));
        assertEquals(1, reset.jsonPath().getInt("sessionsEnded"));
        assertEquals(302, browser.get("/secure/x").statusCode(), "the session ended at once");

        JsonPath after = api().get(API + "/users/" + dave.id).jsonPath();
        assertEquals(0, after.getList("authenticators").size());
        assertEquals(0, after.getList("devices").size());
        assertEquals(0, after.getInt("recoveryCodesLeft"));
        assertEquals(0, after.getList("sessions").size());
        Map<String, Object> event = after.getMap("events[0]");
        assertEquals("SECOND_FACTOR_RESET", event.get("type"));
        assertEquals(admin.username, event.get("actedBy"));

        PortalClient again = new PortalClient("alpha.test");
        Response signIn = again.signIn(dave.username, TestAccounts.PASSWORD);
        assertTrue(signIn.header("Location").contains("/enroll"), "must enroll again: " + signIn.header("Location"));
    }

    @Test
    void unlockClearsALockout() {
        User erin = accounts.create("lock-erin-" + suffix(), false);
        String lower = erin.username.toLowerCase();
        for (int i = 0; i < guard.limitFor(false) + 1; i++) {
            TestAccounts.await(() -> guard.reject(lower, false, "10.20.30.40"));
        }
        assertTrue(TestAccounts.await(() -> guard.userLocked(lower)));
        assertTrue(api().get(API + "/users/" + erin.id).jsonPath().getBoolean("user.locked"));
        assertEquals(List.of(erin.username), api().get(API + "/users?locked=true&search=" + erin.username)
                .jsonPath().getList("items.username"));

        Response unlocked = api().post(API + "/users/" + erin.id + "/unlock");
        assertEquals(200, unlocked.statusCode());
        assertFalse(unlocked.jsonPath().getBoolean("locked"));
        assertFalse(TestAccounts.await(() -> guard.userLocked(lower)));
        assertEquals(303, new PortalClient("alpha.test").signIn(erin.username, TestAccounts.PASSWORD).statusCode());
    }

    @Test
    void aPolicyChangeIsCheckedFieldByFieldAppliedAndAuditedWithOldAndNewValues() {
        Response bad = api().contentType("application/json")
                .body("{\"graceDays\": -1, \"maxTrustedDevices\": 0, \"requiredGroups\": [\"a,b\"]}").patch(API + "/policy");
        assertEquals(400, bad.statusCode(), bad.asString());
        assertEquals(Set.of("graceDays", "maxTrustedDevices", "requiredGroups"), bad.jsonPath().getMap("fields").keySet());
        assertEquals(7, api().get(API + "/policy").jsonPath().getInt("graceDays"), "nothing of a refused change applies");

        Response changed = api().contentType("application/json")
                .body("{\"graceDays\": 3, \"requiredGroups\": [\"Ops-Required\", \"finance\"]}").patch(API + "/policy");
        assertEquals(200, changed.statusCode(), changed.asString());
        assertEquals(3, changed.jsonPath().getInt("graceDays"));
        assertEquals(List.of("finance", "ops-required"), changed.jsonPath().getList("requiredGroups"));
        assertEquals(3, TestAccounts.await(() -> policy.current()).graceDays());

        String details = api().get(API + "/audit?type=policy_changed&user=" + admin.username).jsonPath()
                .getString("items[0].details");
        assertTrue(details.contains("graceDays: 7 -> 3"), details);
        assertTrue(details.contains("requiredGroups: [ops-required] -> [finance, ops-required]"), details);
    }

    @Test
    void attemptLimitsAndLockTimeChangeAtRunTime() {
        Response changed = api().contentType("application/json")
                .body("{\"maxAttempts\": 2, \"lockMinutes\": 1}").patch(API + "/policy");
        assertEquals(200, changed.statusCode(), changed.asString());
        assertEquals(2, changed.jsonPath().getInt("maxAttempts"));
        assertEquals(1, changed.jsonPath().getInt("lockMinutes"));
        String user = "limits-" + suffix();
        for (int i = 0; i < 2; i++) {
            TestAccounts.await(() -> guard.reject(user, false, "10.30.40.50"));
        }
        assertTrue(TestAccounts.await(() -> guard.userLocked(user)), "locked after two failures, not five");
        Long ttl = TestAccounts.await(() -> io.quarkus.arc.Arc.container().instance(io.tollgate.store.RedisCalls.class).get()
                .send(io.vertx.mutiny.redis.client.Command.PTTL, "tollgate:{guard}:lock:user:" + user)).toLong();
        assertTrue(ttl > 0 && ttl <= 60_000, "a one-minute lock: " + ttl + " ms");
        String details = api().get(API + "/audit?type=POLICY_CHANGED&user=" + admin.username).jsonPath()
                .getString("items[0].details");
        assertTrue(details.contains("maxAttempts: 5 -> 2") && details.contains("lockMinutes: 15 -> 1"), details);
        assertEquals(400, api().contentType("application/json").body("{\"lockMinutes\": 0}").patch(API + "/policy")
                .statusCode());
    }

    @Test
    void groupsAreCreatedRenamedAndFilledAndADuplicateIsAConflict() {
        String name = "team-" + suffix();
        Response created = api().contentType("application/json").body("{\"name\": \"" + name + "\"}").post(API + "/groups");
        assertEquals(201, created.statusCode(), created.asString());
        long id = created.jsonPath().getLong("id");
        assertEquals(409, api().contentType("application/json").body("{\"name\": \"" + name.toUpperCase() + "\"}")
                .post(API + "/groups").statusCode());
        assertEquals(400, api().contentType("application/json").body("{\"name\": \"a,b\"}").post(API + "/groups").statusCode());

        User frank = accounts.create("grp-frank-" + suffix(), false);
        assertEquals(204, api().put(API + "/groups/" + id + "/members/" + frank.id).statusCode());
        assertEquals(List.of(frank.username), api().get(API + "/users?group=" + name).jsonPath().getList("items.username"));
        Response renamed = api().contentType("application/json").body("{\"name\": \"" + name + "-x\"}").patch(API + "/groups/" + id);
        assertEquals(200, renamed.statusCode(), renamed.asString());
        assertEquals(1, renamed.jsonPath().getInt("members"));
        assertEquals(409, api().contentType("application/json").body("{\"name\": \"elsewhere\"}")
                .patch(API + "/groups/" + groupIdOf("ops-required")).statusCode(), "the policy names it");
        assertEquals(204, api().delete(API + "/groups/" + id + "/members/" + frank.id).statusCode());
        assertTrue(accounts.reload(frank.username).groups.isEmpty());

        Response gap = api().contentType("application/json").body("{\"groups\": [null]}")
                .put(API + "/users/" + frank.id + "/groups");
        assertEquals(400, gap.statusCode(), gap.asString());
        assertEquals("invalid_input", gap.jsonPath().getString("error"));
        Response groups = api().contentType("application/json").body("{\"groups\": [\"no-such-group\"]}")
                .put(API + "/users/" + frank.id + "/groups");
        assertEquals(400, groups.statusCode());
        assertTrue(groups.jsonPath().getString("fields.groups").contains("no-such-group"));
    }

    long groupIdOf(String name) {
        accounts.create("grp-holder-" + suffix(), false, name);
        return api().get(API + "/groups").jsonPath().getList("findAll { it.name == '" + name + "' }.id", Long.class).get(0);
    }

    @Test
    void csvExportsOpenInASpreadsheetWithQuotesCommasAndAccentsInTheirCellsAndNoFormulas() {
        String username = "csv-" + suffix();
        Response created = api().contentType("application/json; charset=UTF-8")
                .body("{\"username\": \"" + username + "\", \"displayName\": \"=1+2, \\\"Zoë\\\" Müller\", "
                        + "\"password\": \"a long enough password\"}")
                .post(API + "/users");
        assertEquals(201, created.statusCode(), created.asString());
        Response csv = api().get(API + "/users/csv?search=" + username);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        byte[] bytes = csv.asByteArray();
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertEquals('\uFEFF', text.charAt(0), "a byte-order mark, for spreadsheets to read UTF-8");
        String[] lines = text.substring(1).split("\r\n");
        assertEquals(2, lines.length, text);
        List<String> header = fields(lines[0]);
        List<String> row = fields(lines[1]);
        assertEquals(header.size(), row.size());
        assertEquals("'=1+2, \"Zoë\" Müller", row.get(header.indexOf("name")));
        assertEquals(username, row.get(header.indexOf("username")));

        Response report = api().get(API + "/reports/enrollment/csv");
        assertEquals(200, report.statusCode());
        assertTrue(report.asString().contains("\"'=1+2, \"\"Zoë\"\" Müller\""));
        JsonPath json = api().get(API + "/reports/enrollment").jsonPath();
        assertEquals(json.getInt("users"), json.getList("entries").size());
    }

    /** RFC 4180 fields of a line, as a spreadsheet reads them. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    @Test
    void reEncryptionRunsInTheBackgroundAndReportsItsProgress() {
        Response started = api().post(API + "/reencryption");
        assertEquals(202, started.statusCode(), started.asString());
        await().atMost(Duration.ofSeconds(20)).until(() -> "DONE".equals(api().get(API + "/reencryption").jsonPath()
                .getString("state")));
        JsonPath progress = api().get(API + "/reencryption").jsonPath();
        assertEquals(0, progress.getLong("remaining"));
        assertNotNull(progress.getString("finishedAt"));
        assertNull(progress.getString("failure"));
    }

    @Test
    void theAuditLogPagesBackwardsByCursor() {
        for (int i = 0; i < 3; i++) {
            api().post(API + "/users/" + admin.id + "/unlock");
        }
        JsonPath first = api().get(API + "/audit?user=" + admin.username + "&limit=2").jsonPath();
        assertEquals(2, first.getList("items").size());
        String next = first.getString("next");
        assertNotNull(next);
        JsonPath second = api().get(API + "/audit?user=" + admin.username + "&limit=2&cursor=" + next).jsonPath();
        assertNotEquals(first.getLong("items[1].id"), second.getLong("items[0].id"));
        assertTrue(second.getLong("items[0].id") < first.getLong("items[1].id"));
        Response bad = api().get(API + "/audit?from=yesterday&type=NOPE");
        assertEquals(400, bad.statusCode());
        assertEquals(Set.of("from", "type"), bad.jsonPath().getMap("fields").keySet());
    }
}
