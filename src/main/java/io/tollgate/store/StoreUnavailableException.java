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

    /**
     * Why PostgreSQL refused to write, when {@code failure} or a cause of it says so by its
     * SQLSTATE: the database is read-only (25006) or out of disk space (53100); null otherwise. Nothing was changed, and it lasts until an
     * operator acts: callers fail closed (503) and say so in the log.
     */
    public static String databaseRefusingWrites(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String state = t instanceof java.sql.SQLException sql ? sql.getSQLState()
                    : t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState() : null;
            if ("25006".equals(state)) {
                return "the database is read-only (SQLSTATE 25006)";
            }
            if ("53100".equals(state)) {
                return "the database is out of disk space (SQLSTATE 53100)";
            }
        }
        return null;
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
