package io.tollgate.account;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

import io.tollgate.store.Database;

/**
 * Creates the first administrator from {@code tollgate.bootstrap.admin-username} and the
 * password from the environment, only when there is no administrator yet; afterwards the
 * settings are ignored (changing them changes nobody's password).
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
    /** The shortest password Tollgate sets (the bootstrap administrator's, an administrator's for a user). */
    public static final int MIN_PASSWORD_LENGTH = 12;

    private final BootstrapConfig config;
    private final UserRepository users;
    private final PasswordHasher hasher;

    public AdminBootstrap(BootstrapConfig config, UserRepository users, PasswordHasher hasher) {
        this.config = config;
        this.users = users;
        this.hasher = hasher;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        String username = config.adminUsername().map(String::trim).orElse("");
        if (username.isEmpty()) {
            return;
        }
        String password = config.adminPassword().orElse("");
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw new ConfigurationException("Invalid Tollgate configuration: tollgate.bootstrap.admin-password "
                    + "(TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD): needed with tollgate.bootstrap.admin-username, at least "
                    + MIN_PASSWORD_LENGTH + " characters");
        }
        String outcome = VertxContextSupport.subscribeAndAwait(() -> createIfNoAdmin(username, password.toCharArray()));
        LOG.info(outcome);
    }

    Uni<String> createIfNoAdmin(String username, char[] password) {
        return Database.session(() -> users.count("admin", true)).flatMap(admins -> {
            if (admins > 0) {
                return Uni.createFrom().item("Bootstrap administrator not needed: an administrator exists");
            }
            return hasher.hash(password).flatMap(hash -> Database.transaction(() -> users.findByUsername(username)
                    .flatMap(existing -> {
                        if (existing != null) {
                            // Promoting someone who never proved the bootstrap password would hand them the gateway.
                            return Uni.createFrom().item("Bootstrap administrator not created: a user named "
                                    + existing.username + " exists and is not an administrator; choose another "
                                    + "tollgate.bootstrap.admin-username");
                        }
                        User admin = new User();
                        admin.username = username;
                        admin.displayName = username;
                        admin.admin = true;
                        admin.passwordHash = hash;
                        return users.persist(admin).replaceWith("Bootstrap administrator " + username + " created");
                    })));
        }).ifNoItem().after(Duration.ofMinutes(1)).fail();
    }
}
