package io.tollgate.store;

import java.io.IOException;
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

    /**
     * Runs database work on a safe duplicated context of its own: Hibernate Reactive needs one,
     * and the caller's (a timer, a proxied request's route, a Redis answer) may not be one. The
     * answer arrives on that context, on the event loop the caller was on.
     */
    public static <T> Uni<T> onOwnContext(io.vertx.core.Vertx vertx, Supplier<Uni<T>> work) {
        io.vertx.core.Context context = io.smallrye.common.vertx.VertxContext
                .createNewDuplicatedContext(vertx.getOrCreateContext());
        io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().emitter(emitter -> context.runOnContext(
                ignored -> work.get().subscribe().with(emitter::complete, emitter::fail)));
    }

    /**
     * The connection could not be made, was lost (reset, closed, ended by the server: a restart,
     * a failover, an administrator's termination), or gave no answer in time.
     */
    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StoreUnavailableException) {
                return false;
            }
            // IOException: refused or reset connections, closed channels, the native transports' errors.
            if (t instanceof IOException || t instanceof ClosedConnectionException || t instanceof TimeoutException
                    || t instanceof io.smallrye.mutiny.TimeoutException || connectionEnded(t)) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE class 08 (connection exception) or 57P01–57P03 (the server shutting down or not yet up). */
    private static boolean connectionEnded(Throwable t) {
        String state = t instanceof java.sql.SQLException sql ? sql.getSQLState()
                : t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState() : null;
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    /** What a failure to reach PostgreSQL becomes, wherever the database is called from. */
    static Throwable unavailable(Throwable failure) {
        return new StoreUnavailableException(StoreUnavailableException.Store.POSTGRESQL,
                failure.getClass().getSimpleName());
    }
}
