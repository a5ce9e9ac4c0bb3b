package io.tollgate.admin;

/** The operation contradicts what exists (a username taken, disabling oneself): 409. */
public class Conflict extends RuntimeException {

    private final Refusal refusal;

    public Conflict(Refusal.Reason reason, Object... values) {
        this(Refusal.of(reason, values));
    }

    private Conflict(Refusal refusal) {
        super(refusal.english());
        this.refusal = refusal;
    }

    /** Why, for the console to say in the reader's language. */
    public Refusal refusal() {
        return refusal;
    }
}
