package io.tollgate.admin;

/** The user, group, device or key an operation names does not exist: 404. */
public class NotFound extends RuntimeException {

    public NotFound(String what) {
        super(what);
    }
}
