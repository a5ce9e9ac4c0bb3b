package io.tollgate.admin;

/** The operation contradicts what exists (a username taken, disabling oneself): 409. */
public class Conflict extends RuntimeException {

    public Conflict(String why) {
        super(why);
    }
}
