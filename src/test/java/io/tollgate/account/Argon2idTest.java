package io.tollgate.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Argon2idTest {

    @Test
    void rfc9106TestVector() {
        byte[] password = new byte[32];
        Arrays.fill(password, (byte) 1);
        byte[] salt = new byte[16];
        Arrays.fill(salt, (byte) 2);
        byte[] secret = new byte[8];
        Arrays.fill(secret, (byte) 3);
        byte[] ad = new byte[12];
        Arrays.fill(ad, (byte) 4);
        byte[] tag = Argon2id.compute(password, salt, secret, ad, 32, 3, 4, 32);
        assertEquals("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659", HexFormat.of().formatHex(tag));
    }

    @Test
    void aHashVerifiesItsPasswordOnlyAndKeepsItsParameters() {
        String phc = Argon2id.hash("correct horse".toCharArray(), 64, 1, 1);
        assertTrue(phc.startsWith("$argon2id$v=19$m=64,t=1,p=1$"), phc);
        assertTrue(Argon2id.verify("correct horse".toCharArray(), phc));
        assertFalse(Argon2id.verify("correct horsE".toCharArray(), phc));
        assertNotEquals(phc, Argon2id.hash("correct horse".toCharArray(), 64, 1, 1), "a fresh salt each time");
    }

    @Test
    void theStandInForUnknownUsersLooksLikeARealHashWithItsParametersAndMatchesNoPassword() {
        String real = Argon2id.hash("correct horse".toCharArray(), 64, 1, 1);
        String standIn = Argon2id.unmatchable(64, 1, 1);
        assertTrue(standIn.startsWith("$argon2id$v=19$m=64,t=1,p=1$"), standIn);
        assertEquals(real.length(), standIn.length(), "salt and hash of a real one's size: a check costs the same");
        assertTrue(Argon2id.rehash("x".toCharArray(), standIn) != null, "checked like a real one");
        for (String password : new String[] { "", "no such user", "correct horse" }) {
            assertFalse(Argon2id.verify(password.toCharArray(), standIn));
        }
        assertNotEquals(standIn, Argon2id.unmatchable(64, 1, 1), "random each time");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "plain", "$argon2i$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=16$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=x,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=64,t=1,p=1$!!!$AAAAAAAAAAAAAAAAAAAAAA", "$argon2id$v=19$m=64,t=0,p=1$AAAA$AAAAAAAAAAAAAAAAAAAAAA" })
    void malformedStoredValuesNeverMatch(String stored) {
        assertFalse(Argon2id.verify("anything".toCharArray(), stored));
    }
}
