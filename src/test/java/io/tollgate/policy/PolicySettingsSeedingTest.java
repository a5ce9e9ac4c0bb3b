package io.tollgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.TestAccounts;

/**
 * A fresh gateway: the settings row does not exist yet and many first sign-ins, on several
 * replicas at once, all want it. Every one of them must get the seeded settings.
 */
@QuarkusTest
class PolicySettingsSeedingTest {

    private static final int REPLICAS = 4;
    private static final int CALLS = 20;

    @Inject
    PolicyConfig config;

    @Inject
    RecoveryCodesConfig recovery;

    @Inject
    TestAccounts accounts;

    @Inject
    io.tollgate.guard.RegulationConfig regulation;

    @Inject
    io.vertx.core.Vertx vertx;

    @AfterEach
    void restore() {
        accounts.policy(Set.of(), Set.of(), true, 7, Duration.ZERO, true);
    }

    @Test
    void theSettingsAreReadFromAContextHibernateReactiveWouldRefuse() throws Exception {
        // The guard and a proxied request's decision ask from an event loop's own context, or a Redis answer's.
        PolicySettingsStore replica = new PolicySettingsStore(config, recovery, regulation, vertx);
        java.util.concurrent.CompletableFuture<PolicySettings> answer = new java.util.concurrent.CompletableFuture<>();
        vertx.runOnContext(v -> replica.current().subscribe().with(answer::complete, answer::completeExceptionally));
        assertEquals(TestAccounts.await(() -> replica.current()), answer.get(30, TimeUnit.SECONDS));
    }

    @Test
    void concurrentFirstReadsOnSeveralReplicasAllGetTheSeed() throws Exception {
        accounts.execute("delete from PolicySettingsRow");
        // Each store is a replica that has not read the settings yet.
        List<PolicySettingsStore> replicas = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            replicas.add(new PolicySettingsStore(config, recovery, regulation, vertx));
        }
        PolicySettings seed = PolicySettings.from(config, recovery, io.tollgate.guard.AttemptLimits.of(regulation));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(CALLS);
        try {
            List<Future<PolicySettings>> answers = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                PolicySettingsStore replica = replicas.get(i % REPLICAS);
                answers.add(callers.submit(() -> {
                    start.await();
                    return TestAccounts.await(replica::current);
                }));
            }
            start.countDown();
            List<String> failures = new ArrayList<>();
            for (Future<PolicySettings> answer : answers) {
                try {
                    assertEquals(seed, answer.get(30, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    failures.add(String.valueOf(e.getCause()));
                }
            }
            assertTrue(failures.isEmpty(), failures.size() + " of " + CALLS + " failed, first: "
                    + (failures.isEmpty() ? "" : failures.get(0)));
        } finally {
            callers.shutdownNow();
        }
        Long rows = TestAccounts.await(() -> Panache.withSession(() -> Panache.getSession()
                .flatMap(db -> db.createSelectionQuery("select count(*) from PolicySettingsRow", Long.class)
                        .getSingleResult())));
        assertEquals(1L, rows);
    }
}
