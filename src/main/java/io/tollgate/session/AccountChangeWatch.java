package io.tollgate.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tollgate.account.AccountChanged;
import io.tollgate.account.User;
import io.tollgate.account.UserRepository;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.store.Database;
import io.vertx.core.Vertx;

/**
 * Brings account changes made in the database (by SQL or admin code: see the
 * {@code account_changes} triggers) to open sessions: every poll interval each replica reads
 * the recent changes and, for each changed user, ends the sessions whose identity copied at
 * sign-in no longer matches the account — all of them when it is disabled or gone, or when its
 * two-step verification was reset. Ending
 * them in Redis is seen by every replica at its next request. A session signed in after the
 * change already matches and stays, so a replica looking late, or twice, does no harm. A change
 * counts as handled only once its sessions were settled: while Redis or PostgreSQL is away, it is
 * tried again at every poll, as long as the look-back keeps it.
 */
@ApplicationScoped
public class AccountChangeWatch {

    private static final Logger LOG = Logger.getLogger(AccountChangeWatch.class);
    /**
     * Each change is looked at when first seen and again once this old: a sign-in that read the
     * account just before the change may save its session just after the first look.
     */
    static final Duration SECOND_LOOK = Duration.ofSeconds(10);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final String CHANGES = """
            SELECT id, username, changed_at < now() - make_interval(secs => ?2) AS second_look
              FROM account_changes
             WHERE changed_at > now() - make_interval(secs => ?1)
            """;
    private static final String PRUNE = "DELETE FROM account_changes WHERE changed_at < now() - interval '1 day'";

    private final SessionStore sessions;
    private final UserRepository users;
    private final AuditLog audit;
    private final Event<SessionsEnded> ended;
    private final Event<AccountChanged> changed;
    private final AccountChangesConfig config;
    private final Vertx vertx;
    /**
     * Changes whose user's sessions were settled, by id: true once that happened at or after the
     * change's second look. Only those within the look-back are kept.
     */
    private final Map<Long, Boolean> seen = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean failing;
    private volatile long prunedAt = System.nanoTime() - PRUNE_EVERY.toNanos();
    private long timer = -1;

    public AccountChangeWatch(SessionStore sessions, UserRepository users, AuditLog audit, Event<SessionsEnded> ended,
            Event<AccountChanged> changed, AccountChangesConfig config, Vertx vertx) {
        this.changed = changed;
        this.sessions = sessions;
        this.users = users;
        this.audit = audit;
        this.ended = ended;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> poll());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One look at a time: a slow one makes the next tick skip, never pile up. */
    private void poll() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            // Hibernate Reactive needs a safe duplicated context of its own, which a timer does not run on.
            Database.onOwnContext(vertx, this::look).onTermination().invoke(() -> running.set(false))
                    .subscribe().with(count -> recovered(), this::failed);
        } catch (RuntimeException e) {
            running.set(false);
            failed(e);
        }
    }

    /**
     * Reads the recent changes and settles the users due for a look; answers how many sessions
     * ended. A change counts as looked at only once its user's sessions were settled: one whose
     * settling failed (Redis away for a moment, say) is due again at the next poll, for as long as
     * the look-back keeps it. The look fails, for the log, when any settling failed.
     */
    Uni<Integer> look() {
        double lookback = config.lookback().toMillis() / 1000.0;
        return Database.session(() -> Panache.getSession().flatMap(db -> db.createNativeQuery(CHANGES, Object[].class)
                .setParameter(1, lookback).setParameter(2, (double) SECOND_LOOK.toSeconds()).getResultList()))
                .map(this::due)
                .flatMap(due -> Multi.createFrom().iterable(due.entrySet()).onItem()
                        .transformToUniAndConcatenate(user -> settle(user.getKey())
                                .invoke(handles -> user.getValue().forEach(this::lookedAt))
                                .map(Outcome::done)
                                .onFailure().recoverWithItem(Outcome::failed))
                        .collect().asList())
                .call(outcomes -> pruneNowAndThen())
                .flatMap(outcomes -> outcomes.stream().map(Outcome::failure).filter(Objects::nonNull).findFirst()
                        .map(failure -> Uni.createFrom().<Integer>failure(failure))
                        .orElseGet(() -> Uni.createFrom().item(outcomes.stream().mapToInt(Outcome::ended).sum())));
    }

    /** How one user's settling went: the sessions it ended, or why it failed. */
    private record Outcome(int ended, Throwable failure) {
        static Outcome done(Set<String> handles) {
            return new Outcome(handles.size(), null);
        }

        static Outcome failed(Throwable failure) {
            return new Outcome(0, failure);
        }
    }

    /** A change to look at, and whether it is old enough for its second look (which this one then is). */
    private record Change(long id, boolean secondLook) {
    }

    /** The changes due for a look, by user; forgets those the look-back no longer returns. */
    private Map<String, List<Change>> due(List<Object[]> rows) {
        Set<Long> present = new HashSet<>();
        Map<String, List<Change>> due = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Object[] row : rows) {
            long id = ((Number) row[0]).longValue();
            String username = (String) row[1];
            boolean secondLook = Boolean.TRUE.equals(row[2]);
            present.add(id);
            Boolean lookedTwice = seen.get(id);
            if (lookedTwice == null || (!lookedTwice && secondLook)) {
                due.computeIfAbsent(username, u -> new ArrayList<>()).add(new Change(id, secondLook));
            }
        }
        seen.keySet().retainAll(present);
        return due;
    }

    /** Its user's sessions were settled: the change needs no look again, or one more when its second look is due. */
    private void lookedAt(Change change) {
        seen.merge(change.id(), change.secondLook(), Boolean::logicalOr);
    }

    /** Ends the user's sessions that the account no longer allows as they are; answers their handles. */
    Uni<Set<String>> settle(String username) {
        // What this replica keeps of the account (cached key owners) goes first, whatever comes of the sessions.
        changed.fire(new AccountChanged(username));
        return Database.session(() -> users.findWithGroups(username)).flatMap(user -> settle(username, user));
    }

    private Uni<Set<String>> settle(String username, User user) {
        return sessions.endAllOf(username, session -> outdated(session, user))
                // Administrators acting as this user with what the account no longer is stop too.
                .flatMap(own -> sessions.endActingAs(username, d -> outdated(d, user)).map(acting -> {
                    Set<String> all = new java.util.HashSet<>(own);
                    all.addAll(acting);
                    return Set.copyOf(all);
                }))
                // What still runs for them here (open tunnels) ends at once, not after the audit is written.
                .invoke(handles -> {
                    if (!handles.isEmpty()) {
                        ended.fire(new SessionsEnded(handles));
                    }
                })
                .call(handles -> handles.isEmpty() ? Uni.createFrom().voidItem()
                        : audit.record(new AuditLog.Actor(username, null, null), AuditEvent.Type.SESSION_ENDED,
                                AuditEvent.Outcome.SUCCESS, handles.size() + " session(s) ended: account changed"));
    }

    /**
     * The session no longer matches the account: gone, disabled, or other than what was copied at
     * sign-in — which includes a reset of its two-step verification since.
     */
    static boolean outdated(Session session, User user) {
        return user == null || !user.username.equals(session.username()) || user.admin != session.identity().admin()
                || differs(user, session.identity());
    }

    /**
     * An administrator's delegation no longer matches the user it acts as: the user is gone,
     * disabled, or other than what was copied when it began. A change made before it began
     * (the copy already has it) leaves it be.
     */
    static boolean outdated(Session.Delegation delegation, User user) {
        return user == null || !user.username.equalsIgnoreCase(delegation.username())
                || differs(user, delegation.identity());
    }

    /** The account is disabled, or no longer what the identity copied of it (a reset counts). */
    private static boolean differs(User user, Session.Identity identity) {
        Set<String> groups = user.groups.stream().map(g -> g.name).collect(Collectors.toSet());
        return user.disabled || user.secondFactorResets != identity.secondFactorResets()
                || !Objects.equals(user.displayName, identity.displayName())
                || !Objects.equals(user.email, identity.email()) || !groups.equals(Set.copyOf(identity.groups()));
    }

    /** Changes older than a day have long been seen by every replica. */
    private Uni<Void> pruneNowAndThen() {
        if (System.nanoTime() - prunedAt < PRUNE_EVERY.toNanos()) {
            return Uni.createFrom().voidItem();
        }
        prunedAt = System.nanoTime();
        return Database.transaction(() -> Panache.getSession().flatMap(db -> db.createNativeQuery(PRUNE)
                .executeUpdate())).replaceWithVoid();
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOG.info("Account changes are read again");
        }
    }

    private void failed(Throwable failure) {
        if (!failing) {
            failing = true;
            LOG.warnf("Account changes cannot be read now (retrying every %s): %s", config.pollInterval(),
                    failure.getMessage());
        } else {
            LOG.debugf("Account changes still cannot be read: %s", failure.getMessage());
        }
    }
}
