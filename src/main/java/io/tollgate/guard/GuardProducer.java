package io.tollgate.guard;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

import io.tollgate.store.RedisCalls;

/** The guards on the application's Redis client. */
public class GuardProducer {

    /** Built at start-up, so a bad regulation setting stops the gateway before it serves anything. */
    @Produces
    @Singleton
    @Startup
    SecondFactorGuard secondFactorGuard(RedisCalls redis, RegulationConfig config, Vertx vertx,
            MeterRegistry registry, AttemptLimitsSource limits) {
        return new SecondFactorGuard(redis, config, Pause.on(vertx), registry, limits);
    }

    @Produces
    @Singleton
    CodeVerifier codeVerifier(SecondFactorGuard guard) {
        return new CodeVerifier(guard);
    }
}
