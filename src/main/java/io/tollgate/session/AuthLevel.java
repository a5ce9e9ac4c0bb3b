package io.tollgate.session;

/** How far a session has signed in. */
public enum AuthLevel {
    NONE, ONE_FACTOR, TWO_FACTOR
}
