package io.tollgate.testing;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.tollgate.account.GroupRepository;
import io.tollgate.account.PasswordHasher;
import io.tollgate.account.User;
import io.tollgate.account.UserRepository;
import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.policy.PolicySettings;
import io.tollgate.policy.PolicySettingsStore;

/** Users, groups and policy settings for portal tests, written to the real database. */
@ApplicationScoped
public class TestAccounts {

    public static final String PASSWORD = "correct horse battery staple";

    private final UserRepository users;
    private final GroupRepository groups;
    private final PasswordHasher hasher;
    private final PolicySettingsStore settings;
    private final SecondFactorGuard guard;
    private static String hash;

    public TestAccounts(UserRepository users, GroupRepository groups, PasswordHasher hasher, PolicySettingsStore settings,
            SecondFactorGuard guard) {
        this.users = users;
        this.groups = groups;
        this.hasher = hasher;
        this.settings = settings;
        this.guard = guard;
    }

    /** A new user with {@link #PASSWORD}, in the given groups (created if missing). */
    public User create(String username, boolean admin, String... groupNames) {
        return await(() -> passwordHash().flatMap(h -> Panache.withTransaction(() -> {
            User user = new User();
            user.username = username;
            user.displayName = "Name of " + username;
            user.email = username + "@example.test";
            user.admin = admin;
            user.passwordHash = h;
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String name : groupNames) {
                chain = chain.flatMap(v -> groups.findOrCreate(name).invoke(g -> user.groups.add(g)).replaceWithVoid());
            }
            return chain.flatMap(v -> users.persist(user));
        })));
    }

    public void policy(Set<String> required, Set<String> exempt, boolean adminsRequired, int graceDays,
            Duration credentialLifetime, boolean recoveryCodes) {
        await(() -> settings.update(new PolicySettings(required, exempt, adminsRequired, graceDays, credentialLifetime,
                recoveryCodes)));
    }

    /** Runs SQL-level changes a test needs (moving times into the past, for instance). */
    public void execute(String hql, Object... parameters) {
        await(() -> Panache.withTransaction(() -> {
            var query = Panache.getSession().flatMap(s -> {
                var update = s.createMutationQuery(hql);
                for (int i = 0; i < parameters.length; i++) {
                    update.setParameter(i + 1, parameters[i]);
                }
                return update.executeUpdate();
            });
            return query;
        }));
    }

    /** Runs plain SQL, as an administrator would until the admin console exists. */
    public int sql(String statement, Object... parameters) {
        return await(() -> Panache.withTransaction(() -> Panache.getSession().flatMap(s -> {
            var query = s.createNativeQuery(statement);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.executeUpdate();
        })));
    }

    /** Runs plain SQL statements in one transaction, as an administrator would between BEGIN and COMMIT. */
    public void sqlTransaction(String... statements) {
        await(() -> Panache.withTransaction(() -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (String statement : statements) {
                chain = chain.flatMap(n -> Panache.getSession().flatMap(s -> s.createNativeQuery(statement)
                        .executeUpdate()));
            }
            return chain;
        }));
    }

    public User reload(String username) {
        return await(() -> Panache.withSession(() -> users.findWithGroups(username)));
    }

    /**
     * Forgets the failures, locks and queued turns of the tests' addresses (both loopbacks: a
     * client given "localhost" may come over either) and of the given users.
     */
    public void unlock(String... usernames) {
        await(() -> guard.unlockAddress("127.0.0.1"));
        await(() -> guard.unlockAddress("::1"));
        for (String username : usernames) {
            await(() -> guard.unlockUser(username.toLowerCase()));
        }
    }

    public static OffsetDateTime daysAgo(int days) {
        return OffsetDateTime.now().minusDays(days);
    }

    private Uni<String> passwordHash() {
        return hash != null ? Uni.createFrom().item(hash) : hasher.hash(PASSWORD.toCharArray()).invoke(h -> hash = h);
    }

    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work::get);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

}
