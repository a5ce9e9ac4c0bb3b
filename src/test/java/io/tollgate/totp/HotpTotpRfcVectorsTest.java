package io.tollgate.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HotpTotpRfcVectorsTest {

    private static final byte[] RFC4226_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "HOTP counter {0} = {1}")
    @CsvSource({ "0,755224", "1,287082", "2,359152", "3,969429", "4,338314", "5,254676", "6,287922", "7,162583",
        "8,399871", "9,520489" })
    void rfc4226AppendixD(long counter, String expected) {
        assertEquals(expected, new Hotp(HashAlgorithm.SHA1, RFC4226_SECRET, 6).codeText(counter));
    }

    @ParameterizedTest(name = "10 digits, counter {0} = {1}")
    @CsvSource({ "0,1284755224", "1,1094287082", "2,0137359152", "9,0645520489" })
    void tenDigitCodesAreTheWholeTruncatedValue(long counter, String expected) {
        // RFC 4226 Appendix D lists the 31-bit truncated values; with 10 digits they are the code.
        assertEquals(expected, new Hotp(HashAlgorithm.SHA1, RFC4226_SECRET, 10).codeText(counter));
    }

    @ParameterizedTest(name = "TOTP {1} at {0} = {2}")
    @CsvSource({
        "59,SHA1,94287082", "59,SHA256,46119246", "59,SHA512,90693936",
        "1111111109,SHA1,07081804", "1111111109,SHA256,68084774", "1111111109,SHA512,25091201",
        "1111111111,SHA1,14050471", "1111111111,SHA256,67062674", "1111111111,SHA512,99943326",
        "1234567890,SHA1,89005924", "1234567890,SHA256,91819424", "1234567890,SHA512,93441116",
        "2000000000,SHA1,69279037", "2000000000,SHA256,90698825", "2000000000,SHA512,38618901",
        "20000000000,SHA1,65353130", "20000000000,SHA256,77737706", "20000000000,SHA512,47863826" })
    void rfc6238AppendixB(long time, HashAlgorithm algorithm, String expected) {
        Totp totp = new Totp(algorithm, rfc6238Seed(algorithm), 8, 30);
        assertEquals(expected, totp.codeAt(time));
        assertEquals(totp.step(time), totp.verify(expected, time, 0));
    }

    @org.junit.jupiter.api.Test
    void theHmacAgreesWithTheJdksForKeysOfAnyLength() throws Exception {
        Random random = new Random(11);
        for (HashAlgorithm algorithm : HashAlgorithm.values()) {
            String macName = "Hmac" + algorithm.uriName;
            for (int length = 1; length <= 200; length += 7) {
                byte[] key = new byte[length];
                random.nextBytes(key);
                Mac mac = Mac.getInstance(macName);
                mac.init(new SecretKeySpec(key, macName));
                long counter = random.nextLong();
                byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
                int offset = h[h.length - 1] & 0x0f;
                long binary = ((h[offset] & 0x7fL) << 24) | ((h[offset + 1] & 0xffL) << 16)
                        | ((h[offset + 2] & 0xffL) << 8) | (h[offset + 3] & 0xffL);
                assertEquals(binary % 1_000_000, new Hotp(algorithm, key, 6).code(counter), macName + " key " + length);
            }
        }
    }

    static byte[] rfc6238Seed(HashAlgorithm algorithm) {
        String seed = "1234567890".repeat(7).substring(0, algorithm.defaultSecretBytes);
        return seed.getBytes(StandardCharsets.US_ASCII);
    }
}
