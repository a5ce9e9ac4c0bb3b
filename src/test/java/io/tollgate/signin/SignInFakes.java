package io.tollgate.signin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.inject.Vetoed;

import io.smallrye.mutiny.Uni;
import io.tollgate.account.User;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.guard.Attempt;
import io.tollgate.guard.AttemptCounters;
import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.policy.PolicySettings;
import io.tollgate.policy.PolicySettingsSource;
import io.tollgate.policy.SecondFactorRequirement;
import io.tollgate.session.AuthLevel;
import io.tollgate.session.Session;
import io.tollgate.session.SessionChanges;

/** Stand-ins for the stores behind the sign-in steps, in memory, recording what was asked of them. */
final class SignInFakes {

    private SignInFakes() {
    }

    /** The default policy settings: trusted devices for 30 days, recovery codes on, a 7-day grace period. */
    static PolicySettingsSource policy() {
        return () -> Uni.createFrom().item(new PolicySettings(Set.of(), Set.of(), false, 7, Duration.ZERO, true,
                Duration.ofDays(30), 10));
    }

    /** The steps' shared outcomes, never warning that recovery codes run low (no codes store). */
    static Outcomes outcomes(SessionChanges sessions, AuditLog audit, PolicySettingsSource policy) {
        return new Outcomes(sessions, audit, null, policy) {
            @Override
            Uni<Optional<Long>> lowRecoveryCodes(User user) {
                return Uni.createFrom().item(Optional.empty());
            }
        };
    }

    /** A session at {@code level} for {@code username} (null and NONE: an anonymous one). */
    static Session session(String username, AuthLevel level, Session.Pending pending) {
        Instant now = Instant.now();
        return new Session("session-of-" + username, username, level, "csrf", now, now.plus(Duration.ofHours(1)),
                null, Session.Identity.NOBODY, pending, Session.Client.UNKNOWN, now);
    }

    /** Users by name, their passwords in the clear (the fake hasher compares them). */
    @Vetoed // a stand-in, never a bean of the application under test
    static final class Users extends SignInUsers {
        final Map<String, User> byName = new HashMap<>();
        SecondFactorRequirement.Kind next = SecondFactorRequirement.Kind.NOT_NEEDED;
        RuntimeException failure;
        final List<String> endedSessions = new ArrayList<>();

        Users(SessionChanges sessions) {
            super(null, sessions, null, null);
        }

        void add(String username, String password, boolean disabled) {
            User user = new User();
            user.id = (long) byName.size() + 1;
            user.username = username;
            user.passwordHash = password;
            user.disabled = disabled;
            byName.put(username, user);
        }

        @Override
        Uni<User> withGroups(String username) {
            return Uni.createFrom().item(byName.get(username.trim().toLowerCase()));
        }

        @Override
        Uni<User> byUsername(String username) {
            return Uni.createFrom().item(byName.get(username));
        }

        /** The session's user, as stored now (null when removed or disabled). */
        @Override
        Uni<User> active(Session session) {
            User user = byName.get(session.username());
            return Uni.createFrom().item(user == null || user.disabled ? null : user);
        }

        @Override
        void ended(Session session) {
            endedSessions.add(session.id());
        }

        @Override
        Uni<SecondFactorRequirement> recordSignIn(User withGroups, PolicySettings settings, boolean hasVerified) {
            return failure != null ? Uni.createFrom().failure(failure)
                    : Uni.createFrom().item(new SecondFactorRequirement(next, Optional.empty()));
        }
    }
    /** Attempt counters that refuse when told to, and record how each attempt is settled. */
    static final class Counters implements AttemptCounters {
        final List<String> settlements = new ArrayList<>();
        final List<String> failedAs = new ArrayList<>();
        final List<String> forgotten = new ArrayList<>();
        final List<String> reservations = new ArrayList<>();
        private SecondFactorGuard.LockKind refusal;

        void refuseWith(SecondFactorGuard.LockKind kind) {
            refusal = kind;
        }

        @Override
        public Uni<Attempt> reserve(String user, boolean admin, String address) {
            reservations.add(user + (admin ? " (admin)" : ""));
            return Uni.createFrom().item(new FakeAttempt(decision(refusal)));
        }

        @Override
        public Uni<Void> signedIn(String user) {
            forgotten.add(user);
            return Uni.createFrom().voidItem();
        }

        private static SecondFactorGuard.Decision decision(SecondFactorGuard.LockKind lock) {
            Optional<Instant> until = Optional.of(Instant.now().plusSeconds(60));
            return new SecondFactorGuard.Decision(lock == null ? SecondFactorGuard.Verdict.OPEN
                    : SecondFactorGuard.Verdict.LOCKED, 0, 5,
                    lock == SecondFactorGuard.LockKind.USER ? until : Optional.empty(),
                    lock == SecondFactorGuard.LockKind.ADDRESS ? until : Optional.empty(), 0, Optional.empty(),
                    Duration.ZERO);
        }

        private final class FakeAttempt implements Attempt {
            private final SecondFactorGuard.Decision decision;

            FakeAttempt(SecondFactorGuard.Decision decision) {
                this.decision = decision;
            }

            @Override
            public boolean refused() {
                return decision.verdict() != SecondFactorGuard.Verdict.OPEN;
            }

            @Override
            public SecondFactorGuard.Decision decision() {
                return decision;
            }

            @Override
            public Uni<Void> passed() {
                settlements.add("passed");
                return Uni.createFrom().voidItem();
            }

            @Override
            public Uni<Void> signedIn() {
                settlements.add("signed in");
                return Uni.createFrom().voidItem();
            }

            @Override
            public Uni<SecondFactorGuard.Decision> failed(String knownUsername) {
                failedAs.add(knownUsername);
                return Uni.createFrom().item(new SecondFactorGuard.Decision(SecondFactorGuard.Verdict.WRONG, 1, 5,
                        Optional.empty(), Optional.empty(), 1, Optional.empty(), Duration.ZERO));
            }

            @Override
            public Uni<Void> release() {
                settlements.add("released");
                return Uni.createFrom().voidItem();
            }
        }
    }
    /** Moves sessions in memory, as the store would: a new id at each level change. */
    static final class Sessions implements SessionChanges {
        int moves;
        final List<Boolean> byCode = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();

        @Override
        public Uni<Session> changeLevel(Session current, String username, AuthLevel level, Session.Identity identity,
                Session.Pending pending, boolean code) {
            moves++;
            byCode.add(code);
            return Uni.createFrom().item(new Session("id-" + moves, username, level, "csrf-" + moves,
                    current.createdAt(), current.expiresAt(), current.lastTwoFactorAt(), identity, pending,
                    current.client(), Instant.now()));
        }

        @Override
        public Uni<Session> update(Session session) {
            return Uni.createFrom().item(session);
        }

        @Override
        public Uni<Void> delete(Session session) {
            deleted.add(session.id());
            return Uni.createFrom().voidItem();
        }
    }
    /** Records each event as TYPE/OUTCOME. */
    @Vetoed // a stand-in, never a bean of the application under test
    static final class Audit extends AuditLog {
        final List<String> events = new ArrayList<>();

        Audit() {
            super(null, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        }

        @Override
        public Uni<Void> record(Actor actor, AuditEvent.Type type, AuditEvent.Outcome outcome, String details) {
            events.add(type + "/" + outcome);
            return Uni.createFrom().voidItem();
        }
    }
}
