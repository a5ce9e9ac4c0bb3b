package io.tollgate.crypto;

/** A stored secret that cannot be read; the message says why and never contains the value. */
public class SecretDecryptionException extends RuntimeException {

    public SecretDecryptionException(String message) {
        super(message);
    }
}
