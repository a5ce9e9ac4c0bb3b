package io.tollgate.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyUriTest {

    private static final String SECRET = "JBSWY3DPEHPK3PXP";

    @Test
    void aColonInTheAccountIsEncodedAndAColonInTheIssuerRefused() {
        KeyUri key = new KeyUri("ACME", "dept:alice", SECRET, HashAlgorithm.SHA1, 6, 30);
        assertTrue(key.toUri().startsWith("otpauth://totp/ACME:dept%3Aalice?"), key.toUri());
        assertEquals(key, KeyUri.parse(key.toUri()));
        assertEquals("the issuer must not contain ':'", assertThrows(IllegalArgumentException.class,
                () -> new KeyUri("ACME: Paris", "alice", SECRET, HashAlgorithm.SHA1, 6, 30)).getMessage());
    }

    @Test
    void whatIsReadIsWrittenBackToAUriThatReadsTheSame() {
        // Each found by KeyUriFuzzTest: a colon in an account without issuer, a tab in the secret.
        KeyUri noIssuer = KeyUri.parse("otpauth://totp/:dept:alice?secret=" + SECRET);
        assertEquals("dept:alice", KeyUri.parse(noIssuer.toUri()).account());
        KeyUri spaced = KeyUri.parse("otpauth://totp/alice?secret=jbsw%09y3dp%20ehpk3pxp");
        assertEquals(SECRET, spaced.secret());
        assertEquals(SECRET, KeyUri.parse(spaced.toUri()).secret());
    }

    @Test
    void theLabelAndParametersAreWrittenInTheKeyUriFormat() {
        KeyUri key = new KeyUri("ACME Co", "jean.dupont@example.com", SECRET, HashAlgorithm.SHA256, 8, 60);
        assertEquals("otpauth://totp/ACME%20Co:jean.dupont%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co"
                + "&algorithm=SHA256&digits=8&period=60", key.toUri());
    }

    @Test
    void nonAsciiIsPercentEncodedAsUtf8AndReadBack() {
        KeyUri key = new KeyUri("Société Générale", "Zoë Ø", SECRET, HashAlgorithm.SHA1, 6, 30);
        String uri = key.toUri();
        assertTrue(uri.startsWith("otpauth://totp/Soci%C3%A9t%C3%A9%20G%C3%A9n%C3%A9rale:Zo%C3%AB%20%C3%98?"), uri);
        assertEquals(key, KeyUri.parse(uri));
    }

    @Test
    void aMinimalUriGetsTheStandardDefaults() {
        KeyUri key = KeyUri.parse("otpauth://totp/alice?secret=jbswy3dpehpk3pxp");
        assertEquals(new KeyUri(null, "alice", SECRET, HashAlgorithm.SHA1, 6, 30), key);
    }

    @Test
    void theIssuerComesFromTheLabelWhenTheParameterIsMissing() {
        assertEquals("ACME", KeyUri.parse("otpauth://totp/ACME:alice?secret=" + SECRET).issuer());
        assertEquals("ACME", KeyUri.parse("otpauth://totp/ACME%3Aalice?secret=" + SECRET).issuer());
        assertEquals("ACME Co", KeyUri.parse("otpauth://totp/ACME Co:alice?secret=" + SECRET + "&issuer=ACME Co").issuer());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''|empty key URI",
        "https://totp/alice?secret=JBSWY3DPEHPK3PXP|the scheme must be otpauth://",
        "otpauth://hotp/alice?secret=JBSWY3DPEHPK3PXP&counter=1|only otpauth://totp/ keys",
        "otpauth://totp/?secret=JBSWY3DPEHPK3PXP|the label (account name) is missing",
        "otpauth://totp/alice|the secret parameter is missing",
        "otpauth://totp/alice?secret=|the secret parameter is missing",
        "otpauth://totp/alice?secret=JBSW1|the secret is not valid base32",
        "otpauth://totp/alice?secret=%3D%3D|the secret is empty",
        "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&algorithm=MD5|unknown algorithm 'MD5'",
        "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&digits=4|digits must be 6 to 10, got 4",
        "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&digits=six|digits is not a number",
        "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&period=5|period must be 15 to 300",
        "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&secret=AAAA|appears twice",
        "otpauth://totp/A:alice?secret=JBSWY3DPEHPK3PXP&issuer=B|differs from the issuer parameter",
        "otpauth://totp/al%ZZice?secret=JBSWY3DPEHPK3PXP|not a URI",
        "otpauth://totp/alice%4?secret=JBSWY3DPEHPK3PXP|not a URI",
        "otpauth://totp/%20?secret=JBSWY3DPEHPK3PXP|the account name is empty",
        "not a uri at all|the scheme must be otpauth://" })
    void malformedUrisGetAClearMessage(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyUri.parse(text));
        assertTrue(e.getMessage().contains(message), text + " -> " + e.getMessage());
    }

    @Test
    void randomTextNeverEscapesAsAnotherException() {
        Random random = new Random(7);
        String alphabet = "otpauth:/?&=%:@ ABCxyz0123456789é#";
        for (int n = 0; n < 5_000; n++) {
            StringBuilder text = new StringBuilder(random.nextBoolean() ? "otpauth://totp/" : "");
            for (int i = random.nextInt(40); i > 0; i--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                KeyUri.parse(text.toString());
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            }
        }
    }
}
