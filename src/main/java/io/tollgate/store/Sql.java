package io.tollgate.store;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Statements of the sign-in steps' hot path sent straight to the reactive PostgreSQL pool: one
 * prepared statement, one round trip, no ORM session around it. Entities and everything else
 * go through {@link Database}; a failure to reach the database arrives here as the same
 * {@link StoreUnavailableException}. The answer comes on the calling Vert.x context.
 */
@ApplicationScoped
public class Sql {

    private final Pool pool;

    public Sql(Pool pool) {
        this.pool = pool;
    }

    public Uni<RowSet<Row>> query(String statement, Tuple arguments) {
        return pool.preparedQuery(statement).execute(arguments).onFailure(Database::unreachable)
                .transform(Database::unavailable);
    }

    /** The statement once per row of arguments, in one round trip and one transaction: all or none. */
    public Uni<Void> batch(String statement, List<Tuple> rows) {
        return pool.preparedQuery(statement).executeBatch(rows).onFailure(Database::unreachable)
                .transform(Database::unavailable).replaceWithVoid();
    }
}
