package io.tollgate.session;

/** Redis did not answer in time: the session cannot be read or written. */
public class SessionStoreUnavailableException extends RuntimeException {

    public SessionStoreUnavailableException(String message) {
        super(message, null, false, false);
    }
}
