package io.tollgate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tollgate.devstack.EmbeddedStores;
import io.tollgate.testing.TestAccounts;

/**
 * End to end with a real SMTP server (Python's aiosmtpd, started here, writing to a Maildir):
 * with the e-mail turned on, in French, a user who must enroll receives one mail with the
 * sign-in link, sent by the gateway's own periodic look, and only one.
 */
@QuarkusTest
@TestProfile(EnrollmentMailOverSmtpTest.RealSmtp.class)
class EnrollmentMailOverSmtpTest {

    static final String PYTHON = "/usr/bin/python3";

    public static class RealSmtp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tollgate.enrollment-mail.enabled", "true", "tollgate.enrollment-mail.interval", "1s",
                    "tollgate.enrollment-mail.language", "fr", "quarkus.mailer.mock", "false",
                    "quarkus.mailer.from", "gateway@example.test");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SmtpSink.class));
        }
    }

    /** aiosmtpd on a free port, storing what it receives in a Maildir. */
    public static class SmtpSink implements QuarkusTestResourceLifecycleManager {
        static Path maildir;
        private Process server;

        @Override
        public Map<String, String> start() {
            try {
                Process probe = new ProcessBuilder(PYTHON, "-c", "import aiosmtpd").start();
                if (probe.waitFor() != 0) {
                    throw new IllegalStateException("needs Debian's python3-aiosmtpd, which .ci/run installs");
                }
                maildir = Files.createTempDirectory("tollgate-maildir");
                int port = EmbeddedStores.freePort();
                server = new ProcessBuilder(PYTHON, "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + port, "-c",
                        "aiosmtpd.handlers.Mailbox", maildir.resolve("box").toString())
                        .redirectErrorStream(true).redirectOutput(new File(maildir.toFile(), "server.log")).start();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < deadline) {
                    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", String.valueOf(port),
                                "quarkus.mailer.tls", "false", "quarkus.mailer.start-tls", "DISABLED");
                    } catch (IOException notYet) {
                        Thread.sleep(100);
                    }
                }
                throw new IllegalStateException("aiosmtpd did not start");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            if (server != null) {
                server.destroy();
            }
        }
    }

    @Inject
    TestAccounts accounts;

    /** The raw messages received for this address. */
    static List<String> received(String address) throws IOException {
        List<String> found = new ArrayList<>();
        Path box = SmtpSink.maildir.resolve("box").resolve("new");
        if (!Files.isDirectory(box)) {
            return found;
        }
        try (Stream<Path> files = Files.list(box)) {
            for (Path file : files.toList()) {
                String raw = Files.readString(file, StandardCharsets.ISO_8859_1);
                if (raw.contains(address)) {
                    found.add(raw);
                }
            }
        }
        return found;
    }

    /** Quoted-printable soft breaks and escapes undone, enough to read the text part. */
    static String decoded(String raw) {
        String joined = raw.replace("=\r\n", "").replace("=\n", "");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            if (c == '=' && i + 2 < joined.length() && joined.substring(i + 1, i + 3).matches("[0-9A-F]{2}")) {
                out.write(Integer.parseInt(joined.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aUserWhoMustEnrollReceivesOneMailWithTheSignInLink() throws Exception {
        accounts.policy(Set.of("smtp-required"), Set.of(), false, 7, Duration.ZERO, true);
        try {
            String username = "smtp-" + UUID.randomUUID().toString().substring(0, 8);
            accounts.create(username, false, "smtp-required");
            String address = username + "@example.test";
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (received(address).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            List<String> mails = received(address);
            assertEquals(1, mails.size(), "one mail for " + address);
            String text = decoded(mails.get(0));
            assertTrue(text.contains("Bonjour Name of " + username), text);
            assertTrue(text.contains("https://auth.example.test/.tollgate/login"), text);
            assertTrue(text.contains("From: gateway@example.test"), text);
            Thread.sleep(2500);
            assertEquals(1, received(address).size(), "and only one, look after look");
        } finally {
            accounts.policy(Set.of(), Set.of(), false, 7, Duration.ZERO, true);
        }
    }
}
