package io.tollgate.session;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * A Redis client that lets another writer in once, right after its first answered command and
 * before that answer reaches the caller: a race between two replicas, in a fixed order.
 */
final class RacingRedis implements Redis {

    private final Redis delegate;
    private final Supplier<Uni<Void>> racer;
    private final AtomicBoolean raced = new AtomicBoolean();

    RacingRedis(Redis delegate, Supplier<Uni<Void>> racer) {
        this.delegate = delegate;
        this.racer = racer;
    }

    boolean raced() {
        return raced.get();
    }

    @Override
    public Future<Response> send(Request request) {
        return delegate.send(request).compose(response -> raced.compareAndSet(false, true)
                ? Future.fromCompletionStage(racer.get().subscribeAsCompletionStage()).map(v -> response)
                : Future.succeededFuture(response));
    }

    @Override
    public Future<RedisConnection> connect() {
        return delegate.connect();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public Future<List<Response>> batch(List<Request> requests) {
        return delegate.batch(requests);
    }
}
