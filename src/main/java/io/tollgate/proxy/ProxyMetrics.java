package io.tollgate.proxy;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code tollgate_gateway_requests_seconds}: every request the gateway answered, with a latency
 * histogram, by route (or "none") and status class.
 */
@ApplicationScoped
public class ProxyMetrics {

    static final String NO_ROUTE = "none";

    /** Histogram buckets, from a cached page to a slow report. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60) };

    private final MeterRegistry registry;
    /** Per route, one timer per status class (index 1 to 5; 0 for anything else). */
    private final ConcurrentHashMap<String, Timer[]> timers = new ConcurrentHashMap<>();

    public ProxyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String route, int status, long startNanos) {
        int statusClass = status >= 100 && status < 600 ? status / 100 : 0;
        Timer[] byClass = timers.computeIfAbsent(route, r -> new Timer[6]);
        // A race registers twice; Micrometer hands back the same timer both times.
        Timer timer = byClass[statusClass];
        if (timer == null) {
            timer = Timer.builder("tollgate.gateway.requests")
                    .description("Requests answered by the gateway, by route and status class")
                    .tag("route", route)
                    .tag("status", statusClass == 0 ? "other" : statusClass + "xx")
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
            byClass[statusClass] = timer;
        }
        timer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
