package io.tollgate.devstack;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tollgate.account.Group;
import io.tollgate.account.GroupRepository;
import io.tollgate.account.PasswordHasher;
import io.tollgate.account.User;
import io.tollgate.account.UserRepository;
import io.tollgate.store.Database;

/**
 * Dev mode only: accounts that show each policy case, written to the log with their
 * passwords (they exist only in the embedded dev database).
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class DemoAccounts {

    private static final Logger LOG = Logger.getLogger(DemoAccounts.class);

    record Demo(String username, String displayName, boolean admin, String group, String why) {
        String password() {
            return username + "-demo-pass";
        }
    }

    static final List<Demo> DEMOS = List.of(
            new Demo("alice", "Alice Admin", true, null, "administrator: must use TOTP"),
            new Demo("bob", "Bob Staff", false, "staff", "group staff: must use TOTP (7-day grace period)"),
            new Demo("carol", "Carol Kiosk", false, "kiosk", "group kiosk: exempt, password only"),
            new Demo("dave", "Dave Optional", false, null, "no group: TOTP optional, asked once enrolled"));

    private final UserRepository users;
    private final GroupRepository groups;
    private final PasswordHasher hasher;

    public DemoAccounts(UserRepository users, GroupRepository groups, PasswordHasher hasher) {
        this.users = users;
        this.groups = groups;
        this.hasher = hasher;
    }

    void create(@Observes StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(this::ensureAll);
        StringBuilder text = new StringBuilder("Demo accounts (dev mode only):");
        for (Demo demo : DEMOS) {
            text.append("\n    ").append(demo.username()).append(" / ").append(demo.password()).append("  - ")
                    .append(demo.why());
        }
        LOG.info(text);
    }

    /** Each demo account, made unless one of that name exists (the README tour's test makes them too). */
    Uni<Void> ensureAll() {
        return Multi.createFrom().iterable(DEMOS).onItem().transformToUniAndConcatenate(this::ensure).collect().asList()
                .replaceWithVoid();
    }

    private Uni<Void> ensure(Demo demo) {
        return Database.session(() -> users.findByUsername(demo.username())).flatMap(existing -> existing != null
                ? Uni.createFrom().voidItem()
                : hasher.hash(demo.password().toCharArray()).flatMap(hash -> Database.transaction(() -> group(demo)
                        .flatMap(group -> {
                            User user = new User();
                            user.username = demo.username();
                            user.displayName = demo.displayName();
                            user.email = demo.username() + "@example.com";
                            user.admin = demo.admin();
                            user.passwordHash = hash;
                            if (group != null) {
                                user.groups.add(group);
                            }
                            return users.persist(user);
                        }))).replaceWithVoid());
    }

    private Uni<Group> group(Demo demo) {
        return demo.group() == null ? Uni.createFrom().nullItem() : groups.findOrCreate(demo.group());
    }
}
