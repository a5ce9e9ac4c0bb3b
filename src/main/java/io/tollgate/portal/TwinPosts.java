package io.tollgate.portal;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * A form sent twice at once (a double click): the post that lost the race waits for the one
 * that won to record what it did, asking again a moment later each time — Vert.x timers on the
 * request's own context, never a blocked thread — at most {@link #WAITS} times.
 */
final class TwinPosts {

    static final int WAITS = 10;
    private static final long WAIT_MILLIS = 100;

    private TwinPosts() {
    }

    /** Whether {@code check} answered yes, asked once and then up to {@code waits} more times. */
    static Uni<Boolean> done(Vertx vertx, Supplier<Uni<Boolean>> check, int waits) {
        return check.get().flatMap(done -> done || waits == 0 ? Uni.createFrom().item(done)
                : Uni.createFrom().<Void>emitter(later -> vertx.setTimer(WAIT_MILLIS, id -> later.complete(null)))
                        .flatMap(v -> done(vertx, check, waits - 1)));
    }
}
