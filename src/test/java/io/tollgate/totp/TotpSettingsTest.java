package io.tollgate.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;

class TotpSettingsTest {

    @Test
    void defaultsAreWhatEveryAuthenticatorAppSupports() {
        TotpSettings settings = new TotpSettings(config(Optional.empty(), "username", "SHA1", 6, 30, 1, OptionalInt.empty()));
        assertEquals(HashAlgorithm.SHA1, settings.algorithm());
        assertEquals(20, settings.secretBytes());
        assertEquals("login.example.com", settings.issuer("login.example.com"));
    }

    @Test
    void theSecretLengthFollowsTheAlgorithmUnlessSet() {
        assertEquals(64, new TotpSettings(config(Optional.empty(), "username", "sha-512", 8, 30, 1, OptionalInt.empty()))
                .secretBytes());
        assertEquals(40, new TotpSettings(config(Optional.empty(), "username", "SHA512", 8, 30, 1, OptionalInt.of(40)))
                .secretBytes());
    }

    @Test
    void theLabelComesFromTheConfiguredUserProperty() {
        byte[] secret = new byte[20];
        TotpSettings byEmail = new TotpSettings(config(Optional.of("ACME"), "email", "SHA1", 6, 30, 1, OptionalInt.empty()));
        assertEquals("alice@example.com", byEmail.keyUri("h", "alice", "alice@example.com", "Alice M", secret).account());
        assertEquals("alice", byEmail.keyUri("h", "alice", null, "Alice M", secret).account(), "falls back to the username");
        TotpSettings byName = new TotpSettings(config(Optional.empty(), "display-name", "SHA1", 6, 30, 1, OptionalInt.empty()));
        KeyUri uri = byName.keyUri("login.example.com", "alice", "a@x", "Alice M", secret);
        assertEquals("Alice M", uri.account());
        assertEquals("login.example.com", uri.issuer());
    }

    @Test
    void theIssuerIsAPlainHostNameOrTheProductNeverAnAbsurdHost() {
        TotpSettings settings = new TotpSettings(config(Optional.empty(), "username", "SHA1", 6, 30, 1, OptionalInt.empty()));
        assertEquals("login.example.com", settings.issuer("Login.Example.com:8443"));
        assertEquals("login.example.com", settings.issuer("login.example.com."));
        assertEquals("192.0.2.7", settings.issuer("192.0.2.7:80"));
        for (String odd : new String[] { "a".repeat(4000) + ".test", "x".repeat(65), "[::1]:8080", "bad host",
            "-dash.example", "a..b", "", "évil.example" }) {
            assertEquals(TotpSettings.DEFAULT_ISSUER, settings.issuer(odd), odd);
        }
        assertEquals(TotpSettings.DEFAULT_ISSUER, settings.issuer(null));
        assertEquals("ACME", new TotpSettings(config(Optional.of("ACME"), "username", "SHA1", 6, 30, 1,
                OptionalInt.empty())).issuer("a".repeat(4000)));
    }

    @Test
    void theAccountNameIsCutToWholeCharacters() {
        TotpSettings settings = new TotpSettings(config(Optional.empty(), "display-name", "SHA1", 6, 30, 1,
                OptionalInt.empty()));
        String name = "😀".repeat(100);
        assertEquals("😀".repeat(TotpSettings.MAX_LABEL), settings.keyUri("h", "alice", null, name, new byte[20]).account());
    }

    @Test
    void aConfiguredIssuerLongerThanTheLabelLimitStopsStartUp() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new TotpSettings(
                config(Optional.of("x".repeat(65)), "username", "SHA1", 6, 30, 1, OptionalInt.empty())));
        assertTrue(e.getMessage().contains("tollgate.totp.issuer: at most 64 characters"), e.getMessage());
    }

    @Test
    void everyBadValueIsNamedInOneMessage() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new TotpSettings(
                config(Optional.of("A:B"), "phone", "MD5", 4, 10, 11, OptionalInt.of(8))));
        for (String part : new String[] { "tollgate.totp.issuer", "tollgate.totp.label: 'phone'",
            "tollgate.totp.algorithm: 'MD5'", "tollgate.totp.digits: must be 6 to 10, got 4",
            "tollgate.totp.period: must be 15 to 300 seconds, got 10", "tollgate.totp.window: must be 0 to 10 steps, got 11",
            "tollgate.totp.secret-length: must be 16 to 128 bytes, got 8" }) {
            assertTrue(e.getMessage().contains(part), part + " in " + e.getMessage());
        }
    }

    private static TotpConfig config(Optional<String> issuer, String label, String algorithm, int digits, int period,
            int window, OptionalInt secretLength) {
        return new TotpConfig() {
            public Optional<String> issuer() {
                return issuer;
            }

            public String label() {
                return label;
            }

            public String algorithm() {
                return algorithm;
            }

            public int digits() {
                return digits;
            }

            public int period() {
                return period;
            }

            public int window() {
                return window;
            }

            public OptionalInt secretLength() {
                return secretLength;
            }
        };
    }
}
