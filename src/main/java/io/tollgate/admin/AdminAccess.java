package io.tollgate.admin;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.tollgate.account.UserRepository;
import io.tollgate.caller.AuthKeys;
import io.tollgate.caller.BearerTokens;
import io.tollgate.caller.CallerCheck;
import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.http.LogSafe;
import io.tollgate.store.Database;

/**
 * Who may use the admin REST API: a bearer token from a configured issuer whose groups claim
 * holds {@code tollgate.admin.api-role}, or an AuthKey of an enabled administrator that no route
 * list restricts. A credential that fails counts against its client's network and waits its turn
 * there, like a wrong code at the portal: that is the API's rate limit for guessing.
 */
@ApplicationScoped
public class AdminAccess {

    private static final Logger LOG = Logger.getLogger(AdminAccess.class);
    /** The name AuthKeys see for the admin API: a key limited to routes never opens it. */
    public static final String API_ROUTE = "tollgate-admin-api";

    /** How a request's credentials turned out. */
    public sealed interface Check {
        /** An administrator: go on. */
        record Admitted(Administrator administrator) implements Check {
        }

        /** No credentials at all: 401 with how to authenticate. */
        record Missing() implements Check {
        }

        /** Credentials that are not valid: 401. */
        record Refused() implements Check {
        }

        /** Valid credentials of someone who is not an administrator here: 403. */
        record Forbidden() implements Check {
        }

        /** What checks them cannot be reached now: 503. */
        record Unavailable() implements Check {
        }
    }

    private final BearerTokens bearer;
    private final AuthKeys keys;
    private final UserRepository users;
    private final SecondFactorGuard guard;
    private final String role;

    public AdminAccess(BearerTokens bearer, AuthKeys keys, UserRepository users, SecondFactorGuard guard,
            AdminConfig config) {
        this.bearer = bearer;
        this.keys = keys;
        this.users = users;
        this.guard = guard;
        this.role = config.apiRole();
    }

    public Uni<Check> check(String authorization, String xAuthKey, String clientAddress, String userAgent) {
        String key = AuthKeys.keyOf(authorization, xAuthKey);
        if (key != null) {
            return keys.verify(key, API_ROUTE, clientAddress).flatMap(check -> {
                if (check instanceof CallerCheck.Valid valid) {
                    String owner = valid.caller().user();
                    return ownerIsAdministrator(owner).map(admin -> admin
                            ? new Check.Admitted(new Administrator(owner, "authkey", clientAddress, userAgent))
                            : new Check.Forbidden());
                }
                return Uni.createFrom().item(otherwise(check, "AuthKey"));
            });
        }
        String token = BearerTokens.tokenOf(authorization);
        if (token != null && bearer.enabled()) {
            return bearer.verify(token).flatMap(check -> {
                if (check instanceof CallerCheck.Valid valid) {
                    return Uni.createFrom().item(valid.caller().groups().contains(role)
                            ? new Check.Admitted(new Administrator(valid.caller().user(), "bearer", clientAddress,
                                    userAgent))
                            : new Check.Forbidden());
                }
                Check answer = otherwise(check, "bearer token");
                return answer instanceof Check.Refused ? paced(clientAddress) : Uni.createFrom().item(answer);
            });
        }
        if (authorization != null && !authorization.isBlank()) {
            // A scheme the API does not take (Basic, or a bearer token while no issuer is configured).
            return paced(clientAddress);
        }
        return Uni.createFrom().item(new Check.Missing());
    }

    /** What a credential that did not verify means for the API. */
    private static Check otherwise(CallerCheck check, String what) {
        if (check instanceof CallerCheck.NotHere) {
            return new Check.Forbidden();
        }
        if (check instanceof CallerCheck.Unavailable) {
            return new Check.Unavailable();
        }
        LOG.debugf("Admin API: %s refused (%s)", what,
                LogSafe.of(check instanceof CallerCheck.Invalid invalid ? invalid.reason() : String.valueOf(check)));
        return new Check.Refused();
    }

    /** A failed credential waits its turn in its network's queue (AuthKeys count their own failures). */
    private Uni<Check> paced(String clientAddress) {
        return guard.rejectCredential(clientAddress).onFailure().recoverWithNull().replaceWith(new Check.Refused());
    }

    /** The key's owner is an administrator now, not when the key was cached. */
    private Uni<Boolean> ownerIsAdministrator(String username) {
        return Database.session(() -> users.findByUsername(username))
                .map(user -> user != null && user.admin && !user.disabled);
    }
}
