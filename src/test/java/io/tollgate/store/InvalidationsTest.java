package io.tollgate.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.LogCapture;
import io.tollgate.testing.TestAccounts;
import io.vertx.core.Vertx;

/** A channel's news reaches the replica, and its own shutdown is no loss worth a warning. */
@QuarkusTest
class InvalidationsTest {

    private static final String CHANNEL = "tollgate:test:invalidations";

    @Inject
    RedisCalls redis;

    @Inject
    Vertx vertx;

    @Test
    void newsArrivesWhileListeningAndStoppingWarnsNobody() throws Exception {
        List<String> news = new CopyOnWriteArrayList<>();
        AtomicInteger losses = new AtomicInteger();
        try (LogCapture log = LogCapture.of(Invalidations.class)) {
            Invalidations channel = Invalidations.listen(CHANNEL, redis, vertx, news::add, losses::incrementAndGet);
            await().atMost(Duration.ofSeconds(10)).until(channel::listening);
            TestAccounts.await(() -> Invalidations.publish(redis, CHANNEL, "gone"));
            await().atMost(Duration.ofSeconds(10)).until(() -> news.contains("gone"));

            channel.stop();
            assertFalse(channel.listening());
            // The closed connection's end arrives within milliseconds; a warning, if any, with it.
            Thread.sleep(500);
            assertTrue(log.lines().stream().noneMatch(line -> line.startsWith("Not listening")),
                    "a shutdown is not a lost channel: " + log.text());
            assertEquals(0, log.lines().size(), log.text());
            assertEquals(List.of("gone"), news);
        }
    }
}
