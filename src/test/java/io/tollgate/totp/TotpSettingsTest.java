package io.tollgate.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.tollgate.testing.Configs;

class TotpSettingsTest {

    @Test
    void defaultsAreWhatEveryAuthenticatorAppSupports() {
        TotpSettings settings = new TotpSettings(Configs.totp());
        assertEquals(HashAlgorithm.SHA1, settings.algorithm());
        assertEquals(20, settings.secretBytes());
        assertEquals("ACME Corp", settings.issuer("ACME Corp"), "the organisation's name");
    }

    @Test
    void theSecretLengthFollowsTheAlgorithmUnlessSet() {
        assertEquals(64, new TotpSettings(Configs.totp(null, "username", "sha-512", 8, 30, 1, null)).secretBytes());
        assertEquals(40, new TotpSettings(Configs.totp(null, "username", "SHA512", 8, 30, 1, 40)).secretBytes());
    }

    @Test
    void theLabelComesFromTheConfiguredUserProperty() {
        byte[] secret = new byte[20];
        TotpSettings byEmail = new TotpSettings(Configs.totp("ACME", "email"));
        assertEquals("alice@example.com", byEmail.keyUri("h", "alice", "alice@example.com", "Alice M", secret).account());
        assertEquals("alice", byEmail.keyUri("h", "alice", null, "Alice M", secret).account(), "falls back to the username");
        TotpSettings byName = new TotpSettings(Configs.totp(null, "display-name"));
        KeyUri uri = byName.keyUri("ACME Corp", "alice", "a@x", "Alice M", secret);
        assertEquals("Alice M", uri.account());
        assertEquals("ACME Corp", uri.issuer());
    }

    @Test
    void theIssuerIsTheConfiguredOneElseTheOrganisationsNameMadeFitForAKeyUri() {
        TotpSettings settings = new TotpSettings(Configs.totp());
        assertEquals("ACME Research", settings.issuer("ACME: Research"), "a key URI's label cannot hold a colon");
        assertEquals("😀".repeat(TotpSettings.MAX_LABEL), settings.issuer("😀".repeat(100)), "cut to whole characters");
        for (String none : new String[] { "", " ", ":", null }) {
            assertEquals(TotpSettings.DEFAULT_ISSUER, settings.issuer(none), String.valueOf(none));
        }
        assertEquals("ACME", new TotpSettings(Configs.totp("ACME", "username")).issuer("Another name"));
    }

    @Test
    void theAccountNameIsCutToWholeCharacters() {
        TotpSettings settings = new TotpSettings(Configs.totp(null, "display-name"));
        String name = "😀".repeat(100);
        assertEquals("😀".repeat(TotpSettings.MAX_LABEL), settings.keyUri("h", "alice", null, name, new byte[20]).account());
    }

    @Test
    void aConfiguredIssuerLongerThanTheLabelLimitStopsStartUp() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new TotpSettings(
                Configs.totp("x".repeat(65), "username")));
        assertTrue(e.getMessage().contains("tollgate.totp.issuer: at most 64 characters"), e.getMessage());
    }

    @Test
    void aPeriodOfMoreThanTwoMinutesStopsStartUp() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new TotpSettings(
                Configs.totp(null, "username", "SHA1", 6, 121, 1, 20)));
        assertTrue(e.getMessage().contains("tollgate.totp.period: must be 15 to 120 seconds, got 121"), e.getMessage());
        new TotpSettings(Configs.totp(null, "username", "SHA1", 6, 120, 1, 20));
    }

    @Test
    void everyBadValueIsNamedInOneMessage() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new TotpSettings(
                Configs.totp("A:B", "phone", "MD5", 4, 10, 11, 8)));
        for (String part : new String[] { "tollgate.totp.issuer", "tollgate.totp.label: 'phone'",
            "tollgate.totp.algorithm: 'MD5'", "tollgate.totp.digits: must be 6 to 10, got 4",
            "tollgate.totp.period: must be 15 to 120 seconds, got 10", "tollgate.totp.window: must be 0 to 10 steps, got 11",
            "tollgate.totp.secret-length: must be 16 to 128 bytes, got 8" }) {
            assertTrue(e.getMessage().contains(part), part + " in " + e.getMessage());
        }
    }
}
