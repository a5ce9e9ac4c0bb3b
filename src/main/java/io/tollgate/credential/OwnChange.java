package io.tollgate.credential;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Marks the current transaction as Tollgate's own removal of authenticators or recovery codes
 * (its user deleting one, a new set of codes, a renewal): the database then does not count it
 * as a reset of the user's two-step verification, which would end every session of the user
 * (see the V8 migration). Removals made in SQL by an administrator carry no mark and do.
 */
final class OwnChange {

    private static final String MARK = "SELECT set_config('tollgate.own_change', 'on', true)";

    private OwnChange() {
    }

    /** Within {@code Panache.withTransaction}, before the removal: the mark lasts until the transaction ends. */
    static Uni<Void> mark() {
        return Panache.getSession().flatMap(db -> db.createNativeQuery(MARK, String.class).getSingleResult())
                .replaceWithVoid();
    }
}
