package io.tollgate.store;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * PostgreSQL work in a reactive database session or transaction, as Panache opens them, with
 * one difference: a failure to reach the database (refused or lost connection, no answer in
 * time) arrives as a {@link StoreUnavailableException}. Errors PostgreSQL itself answers
 * (constraints, syntax) pass unchanged: they are not outages.
 */
public final class Database {

    private Database() {
    }

    public static <T> Uni<T> session(Supplier<Uni<T>> work) {
        return Panache.withSession(work).onFailure(Database::unreachable).transform(Database::unavailable);
    }

    public static <T> Uni<T> transaction(Supplier<Uni<T>> work) {
        return Panache.withTransaction(work).onFailure(Database::unreachable).transform(Database::unavailable);
    }

    /** The connection could not be made, was lost, or gave no answer in time. */
    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreUnavailableException) {
                return false;
            }
            if (t instanceof ConnectException || t instanceof ClosedChannelException
                    || t instanceof ClosedConnectionException || t instanceof TimeoutException
                    || t instanceof io.smallrye.mutiny.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** What a failure to reach PostgreSQL becomes, wherever the database is called from. */
    static Throwable unavailable(Throwable failure) {
        return new StoreUnavailableException(StoreUnavailableException.Store.POSTGRESQL,
                failure.getClass().getSimpleName());
    }
}
