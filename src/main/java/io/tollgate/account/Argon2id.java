package io.tollgate.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106) with Bouncy Castle, stored in the PHC string form
 * {@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>} (base64 without
 * padding), so that a hash keeps the parameters it was made with. CPU- and memory-heavy:
 * callers run it on a worker thread.
 */
final class Argon2id {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private Argon2id() {
    }

    static String hash(char[] password, int memoryKib, int iterations, int parallelism) {
        return hash(password, newSalt(), memoryKib, iterations, parallelism);
    }

    static byte[] newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        return salt;
    }

    static String hash(char[] password, byte[] salt, int memoryKib, int iterations, int parallelism) {
        byte[] hash = compute(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(hash);
    }

    /**
     * A PHC string with these parameters that no password matches: a random salt and, in place
     * of a hash, random bytes (a password would have to hash to them: odds of 2^-256). Checking
     * a password against it costs a full hash, as against a real one; making it costs nothing.
     */
    static String unmatchable(int memoryKib, int iterations, int parallelism) {
        byte[] noHash = new byte[HASH_BYTES];
        new SecureRandom().nextBytes(noHash);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$"
                + B64.encodeToString(newSalt()) + "$" + B64.encodeToString(noHash);
    }

    /**
     * The PHC string of {@code password} under the parameters and salt of {@code phc}; null when
     * {@code phc} is not an Argon2id PHC string. Equal strings mean equal passwords.
     */
    static String rehash(char[] password, String phc) {
        int cut = phc == null ? -1 : phc.lastIndexOf('$');
        if (cut < 0 || !verifiable(phc)) {
            return null;
        }
        String[] parts = phc.split("\\$");
        String[] params = parts[3].split(",");
        byte[] salt = B64D.decode(parts[4]);
        return hash(password, salt, Integer.parseInt(params[0].substring(2)), Integer.parseInt(params[1].substring(2)),
                Integer.parseInt(params[2].substring(2)));
    }

    /** Our own form only: m, t, p in that order with a 32-byte hash, as {@link #hash} writes it. */
    private static boolean verifiable(String phc) {
        return phc.matches("\\$argon2id\\$v=19\\$m=\\d{1,8},t=\\d{1,4},p=\\d{1,3}\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    }

    /** False for a wrong password and for a stored value that is not an Argon2id PHC string. */
    static boolean verify(char[] password, String phc) {
        String[] parts = phc == null ? new String[0] : phc.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        try {
            int m = 0;
            int t = 0;
            int p = 0;
            for (String param : parts[3].split(",")) {
                int value = Integer.parseInt(param.substring(2));
                switch (param.substring(0, 2)) {
                    case "m=" -> m = value;
                    case "t=" -> t = value;
                    case "p=" -> p = value;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            if (m < 8 || t < 1 || p < 1 || expected.length < 16) {
                return false;
            }
            return MessageDigest.isEqual(expected, compute(password, salt, m, t, p, expected.length));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    static byte[] compute(char[] password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        return compute(password == null ? new byte[0] : new String(password).getBytes(StandardCharsets.UTF_8), salt, null,
                null, memoryKib, iterations, parallelism, length);
    }

    static byte[] compute(byte[] password, byte[] salt, byte[] secret, byte[] associatedData, int memoryKib,
            int iterations, int parallelism, int length) {
        Argon2Parameters.Builder parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt);
        if (secret != null) {
            parameters.withSecret(secret);
        }
        if (associatedData != null) {
            parameters.withAdditional(associatedData);
        }
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters.build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }
}
