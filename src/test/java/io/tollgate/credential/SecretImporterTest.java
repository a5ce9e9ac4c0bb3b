package io.tollgate.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.tollgate.account.User;
import io.tollgate.account.UserRepository;
import io.tollgate.credential.SecretImport.Format;
import io.tollgate.credential.SecretImporter.Report;
import io.tollgate.guard.CodeVerifier;
import io.tollgate.store.Database;

@QuarkusTest
class SecretImporterTest {

    private static final String SHA256_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DP";
    private static final String SHA512_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Inject
    SecretImporter importer;

    @Inject
    TotpCredentials credentials;

    @Inject
    UserRepository users;

    @Inject
    TotpCredentialRepository stored;

    private final List<Long> created = new java.util.ArrayList<>();

    /** The secrets are under this application's key: other tests (key rotation) read the whole table. */
    @org.junit.jupiter.api.AfterEach
    void removeWhatWasCreated() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Database.transaction(() -> stored.delete("userId in ?1", created)
                .flatMap(n -> users.delete("id in ?1", created))));
    }

    @Test
    void validItemsAreImportedEncryptedAndTheBadOnesReportedOneByOne() throws Throwable {
        User alice = user("import-alice-" + System.nanoTime(), false);
        User robot = user("import-robot-" + System.nanoTime(), true);
        String csv = "issuer,username,algorithm,digits,period,secret\n"
                + "Old SSO," + alice.username + ",SHA256,8,30," + SHA256_SECRET + "\n"
                + "Old SSO,nobody-" + System.nanoTime() + ",SHA1,6,30," + SHA256_SECRET + "\n"
                + "Old SSO," + robot.username + ",SHA1,6,30," + SHA256_SECRET + "\n"
                + "Old SSO," + alice.username.toUpperCase() + ",SHA512,8,60," + SHA512_SECRET + "\n"
                + "Old SSO," + alice.username + ",MD5,6,30," + SHA512_SECRET + "\n";
        Report report = run(csv, false);
        assertEquals(2, report.imported());
        assertEquals(0, report.alreadyPresent());
        assertEquals(List.of(3, 4, 6), report.problems().stream().map(SecretImport.Problem::item).toList());
        assertEquals("no such user", report.problems().get(0).reason());
        assertTrue(report.problems().get(1).reason().startsWith("a service account"), report.problems().get(1).reason());

        List<TotpCredential> stored = VertxContextSupport.subscribeAndAwait(() -> credentials.verifiedOf(alice.id));
        assertEquals(2, stored.size());
        for (TotpCredential credential : stored) {
            assertTrue(credential.secret.startsWith("v1:"), "stored encrypted");
            assertEquals("Old SSO", credential.name);
        }
        assertEquals(List.of(), VertxContextSupport.subscribeAndAwait(() -> credentials.verifiedOf(robot.id)));
    }

    @Test
    void aRepeatedImportChangesNothingAndADryRunWritesNothing() throws Throwable {
        User bob = user("import-bob-" + System.nanoTime(), false);
        String uris = "otpauth://totp/Old:" + bob.username + "?secret=" + SHA256_SECRET + "&issuer=Old\n";
        Report dry = run(Format.OTPAUTH, uris, true);
        assertEquals(new Report(true, 1, 0, List.of()), dry);
        assertEquals(List.of(), VertxContextSupport.subscribeAndAwait(() -> credentials.verifiedOf(bob.id)));

        assertEquals(new Report(false, 1, 0, List.of()), run(Format.OTPAUTH, uris, false));
        assertEquals(new Report(false, 0, 1, List.of()), run(Format.OTPAUTH, uris, false));
        assertEquals(new Report(true, 0, 1, List.of()), run(Format.OTPAUTH, uris, true));
        assertEquals(1, VertxContextSupport.subscribeAndAwait(() -> credentials.verifiedOf(bob.id)).size());
    }

    @Test
    void aCodeFromAnIndependentImplementationVerifiesAgainstImportedSha256AndSha512EightDigitSecrets()
            throws Throwable {
        Assumptions.assumeTrue(new java.io.File("/usr/bin/oathtool").canExecute(),
                "needs oathtool (Debian package oathtool), which CI installs");
        for (String[] algorithmAndSecret : new String[][] {{"SHA256", SHA256_SECRET}, {"SHA512", SHA512_SECRET}}) {
            User carol = user("import-carol-" + System.nanoTime(), false);
            Report report = run("issuer,username,algorithm,digits,period,secret\nOld," + carol.username + ","
                    + algorithmAndSecret[0] + ",8,30," + algorithmAndSecret[1] + "\n", false);
            assertEquals(1, report.imported(), report.toString());
            List<TotpCredential> stored = VertxContextSupport.subscribeAndAwait(() -> credentials.verifiedOf(carol.id));
            String code = oathtool(algorithmAndSecret[0].toLowerCase(), algorithmAndSecret[1]);
            CodeVerifier.Outcome outcome = VertxContextSupport.subscribeAndAwait(() -> credentials.verify(
                    new TotpCredentials.Attempt(carol.username, false, "127.0.0.1"), stored, code));
            assertInstanceOf(CodeVerifier.Outcome.Accepted.class, outcome, algorithmAndSecret[0] + ": " + outcome);
        }
    }

    private Report run(String csv, boolean dryRun) throws Throwable {
        return run(Format.AUTHELIA, csv, dryRun);
    }

    private Report run(Format format, String text, boolean dryRun) throws Throwable {
        SecretImport.Batch batch = SecretImport.read(format, text, null);
        return VertxContextSupport.subscribeAndAwait(() -> importer.importAll(batch, dryRun));
    }

    private User user(String username, boolean serviceAccount) throws Throwable {
        User saved = VertxContextSupport.subscribeAndAwait(() -> Database.transaction(() -> {
            User user = new User();
            user.username = username;
            user.serviceAccount = serviceAccount;
            return users.persist(user);
        }));
        created.add(saved.id);
        return saved;
    }

    private static String oathtool(String algorithm, String secret) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("oathtool", "--totp=" + algorithm, "--digits=8", "--base32", secret)
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    }
}
