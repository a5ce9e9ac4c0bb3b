package io.tollgate.store;

/**
 * A store could not be reached or did not answer in time: nothing was decided, and the
 * request is answered 503 (never a second factor accepted, never a 500). Raised where the
 * store is called ({@link Database}, {@link RedisCalls}), from the failure's type, so that
 * callers never guess from a message.
 */
public class StoreUnavailableException extends RuntimeException {

    /** The store that failed. */
    public enum Store {
        POSTGRESQL, REDIS
    }

    private final Store store;

    public StoreUnavailableException(Store store, String reason) {
        // No stack trace: an outage makes many of these, and where they come from is known.
        super(store + " unavailable: " + reason, null, false, false);
        this.store = store;
    }

    public Store store() {
        return store;
    }

    /** True when {@code failure}, or a cause of it, is a store outage. */
    public static boolean in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
