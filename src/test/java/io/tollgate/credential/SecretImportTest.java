package io.tollgate.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.tollgate.credential.SecretImport.Batch;
import io.tollgate.credential.SecretImport.Format;
import io.tollgate.credential.SecretImport.Item;
import io.tollgate.credential.SecretImport.Problem;
import io.tollgate.totp.HashAlgorithm;

class SecretImportTest {

    /** 160 bits. */
    private static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private static final String OTHER = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Test
    void keyUrisAreReadOnePerLineWithTheLabelsAccountAsTheUser() {
        Batch batch = SecretImport.read(Format.OTPAUTH, String.join("\n",
                "# exported from the old portal",
                "otpauth://totp/ACME:alice?secret=" + SECRET + "&issuer=ACME",
                "",
                "otpauth://totp/bob?secret=" + OTHER.toLowerCase() + "&algorithm=SHA512&digits=8&period=60"), null);
        assertEquals(List.of(), batch.problems());
        assertEquals(List.of(new Item(2, "alice", "ACME", SECRET, HashAlgorithm.SHA1, 6, 30),
                new Item(4, "bob", SecretImport.DEFAULT_NAME, OTHER, HashAlgorithm.SHA512, 8, 60)), batch.items());
    }

    @Test
    void eachBadKeyUriIsReportedWithItsLineAndTheOthersAreKept() {
        Batch batch = SecretImport.read(Format.OTPAUTH, String.join("\r\n",
                "otpauth://totp/alice?secret=" + SECRET,
                "otpauth://hotp/carol?secret=" + SECRET + "&counter=1",
                "otpauth://totp/dave?secret=NOT*BASE32",
                "otpauth://totp/erin?secret=" + SECRET + "&digits=5",
                "otpauth://totp/frank?secret=JBSWY3DPEHPK3",
                "otpauth://totp/alice?secret=" + SECRET + "&issuer=Again",
                "https://example.com/"), null);
        assertEquals(1, batch.items().size());
        assertEquals(List.of(2, 3, 4, 5, 6, 7), batch.problems().stream().map(Problem::item).toList());
        assertTrue(reason(batch, 2).contains("totp"), reason(batch, 2));
        assertTrue(reason(batch, 3).contains("base32"), reason(batch, 3));
        assertTrue(reason(batch, 4).contains("digits"), reason(batch, 4));
        assertEquals("the secret has 64 bits; 80 to 1024 are imported", reason(batch, 5));
        assertEquals("the same secret as item 1", reason(batch, 6));
        assertTrue(reason(batch, 7).contains("otpauth"), reason(batch, 7));
    }

    @Test
    void theSameSecretForOneUserSpelledInAnotherCaseIsReportedOnce() {
        Batch batch = SecretImport.read(Format.OTPAUTH, "otpauth://totp/Alice?secret=" + SECRET + "\n"
                + "otpauth://totp/alice?secret=" + SECRET + "\n", null);
        assertEquals(1, batch.items().size());
        assertEquals(List.of(new Problem(2, "alice", "the same secret as item 1")), batch.problems());
    }

    @Test
    void anEightyBitSecretIsTheShortestImported() {
        // 16 base32 characters: Google Authenticator's original length.
        Batch batch = SecretImport.read(Format.OTPAUTH, "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP", null);
        assertEquals(1, batch.items().size(), batch.problems().toString());
        Batch shorter = SecretImport.read(Format.OTPAUTH, "otpauth://totp/alice?secret=JBSWY3DPEHPK3", null);
        assertEquals("the secret has 64 bits; 80 to 1024 are imported", shorter.problems().get(0).reason());
    }

    @Test
    void aLemonLdapDeviceListIsReadForTheUserItBelongsTo() {
        String devices = "[{\"name\":\"Phone\",\"type\":\"TOTP\",\"_secret\":\"" + SECRET + "\",\"epoch\":1700000000},"
                + "{\"name\":\"Key\",\"type\":\"U2F\",\"_keyHandle\":\"x\",\"epoch\":1700000001},"
                + "{\"name\":\"Old\",\"type\":\"TOTP\",\"_secret\":\"{llngcrypt}abc\",\"epoch\":1},"
                + "{\"name\":\"Broken\",\"type\":\"TOTP\",\"epoch\":2}, 42]";
        Batch batch = SecretImport.read(Format.LEMONLDAP, devices, " alice ");
        assertEquals(List.of(new Item(1, "alice", "Phone", SECRET, HashAlgorithm.SHA1, 6, 30)), batch.items());
        assertEquals(List.of(
                new Problem(2, "alice", "device type 'U2F', only TOTP devices are imported"),
                new Problem(3, "alice", "the secret is encrypted by LemonLDAP::NG; export it decrypted"),
                new Problem(4, "alice", "no _secret"),
                new Problem(5, "alice", "not a device object")), batch.problems());
    }

    @Test
    void lemonLdapListsCanComeByUserName() {
        String byUser = "{\"alice\":[{\"name\":\"Phone\",\"type\":\"TOTP\",\"_secret\":\"" + SECRET + "\"}],"
                + "\"bob\":[{\"type\":\"totp\",\"_secret\":\"" + OTHER + "\"}],\"carol\":\"nothing\"}";
        Batch batch = SecretImport.read(Format.LEMONLDAP, byUser, null);
        assertEquals(List.of("alice", "bob"), batch.items().stream().map(Item::username).toList());
        assertEquals(List.of(new Problem(3, "carol", "the value for this user is not a device list")), batch.problems());
    }

    @Test
    void aTextThatIsNotADeviceListIsRefusedWholeWithoutQuotingIt() {
        for (String broken : List.of("[{\"_secret\":\"" + SECRET + "\"", "[{\"type\":\"TOTP\",\"_secret\":" + SECRET + "}]")) {
            IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
                    () -> SecretImport.read(Format.LEMONLDAP, broken, "alice"));
            assertTrue(notJson.getMessage().startsWith("not a JSON device list"), notJson.getMessage());
            assertFalse(notJson.getMessage().contains(SECRET.substring(0, 8)), notJson.getMessage());
        }
        IllegalArgumentException noUser = assertThrows(IllegalArgumentException.class,
                () -> SecretImport.read(Format.LEMONLDAP, "[]", null));
        assertTrue(noUser.getMessage().contains("needs the user"), noUser.getMessage());
    }

    @Test
    void autheliasCsvIsReadByItsHeaderWithQuotedFieldsAndNonAsciiNames() {
        String csv = "issuer,username,algorithm,digits,period,secret\n"
                + "Authelia,alice,SHA1,6,30," + SECRET + "\n"
                + "\"Acme, Inc.\",\"zoë\",SHA256,8,30," + OTHER + "\n"
                + "Authelia,\"say \"\"hi\"\"\",SHA512,10,60," + SECRET + "\n";
        Batch batch = SecretImport.read(Format.AUTHELIA, csv, null);
        assertEquals(List.of(), batch.problems());
        assertEquals(List.of(new Item(2, "alice", "Authelia", SECRET, HashAlgorithm.SHA1, 6, 30),
                new Item(3, "zoë", "Acme, Inc.", OTHER, HashAlgorithm.SHA256, 8, 30),
                new Item(4, "say \"hi\"", "Authelia", SECRET, HashAlgorithm.SHA512, 10, 60)), batch.items());
        Batch reordered = SecretImport.read(Format.AUTHELIA,
                "secret,period,digits,algorithm,username,issuer\r\n" + SECRET + ",30,6,sha1,alice,X\r\n", null);
        assertEquals(List.of(new Item(2, "alice", "X", SECRET, HashAlgorithm.SHA1, 6, 30)), reordered.items());
    }

    @Test
    void eachBadCsvRowIsReportedAndAMissingColumnRefusesTheWhole() {
        String csv = "issuer,username,algorithm,digits,period,secret\n"
                + "A,alice,MD5,6,30," + SECRET + "\n"
                + "A,bob,SHA1,6,30\n"
                + "A,\"carol,SHA1,6,30," + SECRET + "\n"
                + "A,dave,SHA1,6,7," + SECRET + "\n"
                + "A,,SHA1,6,30," + SECRET + "\n"
                + "A,erin,SHA1,six,30," + SECRET + "\n";
        Batch batch = SecretImport.read(Format.AUTHELIA, csv, null);
        assertEquals(List.of(), batch.items());
        assertEquals(List.of(
                new Problem(2, "alice", "unknown algorithm 'MD5' (SHA1, SHA256 or SHA512)"),
                new Problem(3, null, "5 fields where the header has 6"),
                new Problem(4, null, "an unclosed quote"),
                new Problem(5, "dave", "the period must be 15 to 300 seconds, got '7'"),
                new Problem(6, null, "no user name"),
                new Problem(7, "erin", "digits must be 6 to 10, got 'six'")), batch.problems());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SecretImport.read(Format.AUTHELIA, "issuer,username,digits,period,secret\n", null));
        assertTrue(missing.getMessage().contains("'algorithm' is missing"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SecretImport.read(Format.AUTHELIA, "\n \n", null));
    }

    @Test
    void noReasonEverQuotesASecret() {
        String csv = "issuer,username,algorithm,digits,period,secret\n"
                + "A,alice,MD5,6,30," + SECRET + "\n"
                + "A,alice,SHA1,6,30," + SECRET + "\n"
                + "A,alice,SHA1,6,30," + SECRET + "\n"
                + "A,bob,SHA1,6,30," + SECRET.substring(0, 14) + "\n";
        Batch batch = SecretImport.read(Format.AUTHELIA, csv, null);
        assertEquals(3, batch.problems().size());
        for (Problem problem : batch.problems()) {
            assertFalse(problem.reason().contains(SECRET.substring(0, 14)), problem.reason());
        }
        assertFalse(batch.items().get(0).toString().contains(SECRET), "an item's text hides its secret");
    }

    @Test
    void anImportOfMoreThanTheLimitIsRefusedWhole() {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i <= SecretImport.MAXIMUM_ITEMS; i++) {
            lines.append("otpauth://totp/u").append(i).append("?secret=").append(SECRET).append('\n');
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SecretImport.read(Format.OTPAUTH, lines.toString(), null));
        assertTrue(e.getMessage().contains("split the import"), e.getMessage());
    }

    @Test
    void formatsAreNamedWithoutCase() {
        assertEquals(Format.AUTHELIA, Format.parse(" authelia ").orElseThrow());
        assertEquals(Format.LEMONLDAP, Format.parse("LemonLDAP").orElseThrow());
        assertTrue(Format.parse("keepass").isEmpty());
        assertTrue(Format.parse(null).isEmpty());
    }

    private static String reason(Batch batch, int item) {
        return batch.problems().stream().filter(p -> p.item() == item).findFirst().orElseThrow().reason();
    }
}
