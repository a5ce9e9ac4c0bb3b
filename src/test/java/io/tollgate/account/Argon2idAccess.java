package io.tollgate.account;

/** Lets benchmarks outside the package reach the hashing primitive with the default parameters. */
public final class Argon2idAccess {

    private Argon2idAccess() {
    }

    public static String hash(String password) {
        return Argon2id.hash(password.toCharArray(), 19456, 2, 1);
    }

    public static boolean verify(String password, String phc) {
        return Argon2id.verify(password.toCharArray(), phc);
    }
}
