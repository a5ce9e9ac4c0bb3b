package io.tollgate.guard;

/** Redis could not be asked: no second factor may be accepted until it can. */
public class GuardUnavailableException extends RuntimeException {

    public GuardUnavailableException(String message) {
        super(message, null, false, false);
    }
}
