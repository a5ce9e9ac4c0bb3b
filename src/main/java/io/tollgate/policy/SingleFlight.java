package io.tollgate.policy;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs at most one piece of work at a time: callers arriving while it runs share its answer
 * (or its failure) instead of starting their own; the next caller after it ends starts anew.
 * Each caller gets the answer back on its own Vert.x context, which its reactive database
 * session is bound to.
 */
final class SingleFlight<T> {

    private final AtomicReference<Uni<T>> running = new AtomicReference<>();

    Uni<T> run(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Executor caller = callersContext();
            Uni<T> shared = running.get();
            if (shared == null) {
                AtomicReference<Uni<T>> self = new AtomicReference<>();
                Uni<T> started = Uni.createFrom().<T>deferred(work::get)
                        .onTermination().invoke(() -> running.compareAndSet(self.get(), null))
                        .memoize().indefinitely();
                self.set(started);
                shared = running.compareAndSet(null, started) ? started : running.get();
                if (shared == null) {
                    // The other one ended between the two reads: ours is as good.
                    shared = started;
                }
            }
            return shared.emitOn(caller);
        });
    }

    private static Executor callersContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : command -> context.runOnContext(v -> command.run());
    }
}
