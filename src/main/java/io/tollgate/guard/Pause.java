package io.tollgate.guard;

import java.time.Duration;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/** A wait that holds no thread: a Vert.x timer, whose callback runs on the caller's context. */
@FunctionalInterface
public interface Pause {

    Uni<Void> of(Duration duration);

    static Pause on(Vertx vertx) {
        return duration -> duration.isZero() ? Uni.createFrom().voidItem()
                : Uni.createFrom().emitter(done -> vertx.setTimer(Math.max(1, duration.toMillis()),
                        id -> done.complete(null)));
    }
}
