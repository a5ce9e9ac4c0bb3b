package io.tollgate.caller;

/** What a credential turned out to be. */
public sealed interface CallerCheck {

    record Valid(Caller caller) implements CallerCheck {
    }

    /** Refused: expired, forged, unknown issuer or key… {@code reason} is for the debug log, never the client. */
    record Invalid(String reason) implements CallerCheck {
    }

    /** Valid, but not for this route (an AuthKey limited to other routes): 403. */
    record NotHere(String reason) implements CallerCheck {
    }

    /** The keys needed to check it cannot be had right now (the issuer's key set is unreachable): fail closed. */
    record Unavailable(String reason) implements CallerCheck {
    }
}
