package io.tollgate.portal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.account.User;
import io.tollgate.account.UserRepository;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.caller.AuthKey;
import io.tollgate.caller.AuthKeys;
import io.tollgate.caller.KeysToShow;
import io.tollgate.session.Session;
import io.tollgate.store.Database;

/** A user's own AuthKeys, from the account page: listed, created (shown until copied), revoked; each change audited. */
@ApplicationScoped
public class AccountKeys {

    static final int MAX_NAME = 100;
    /** How long a new key lasts, as offered on the page; "never" is a choice, not a default. */
    static final List<String> VALIDITIES = List.of("30", "90", "365", "never");

    /**
     * What a post of the new-key form gave: the form whose page now shows its key, the same form
     * sent again (its first post makes the key), or what was wrong with it.
     */
    public record Outcome(String form, boolean repeated, String nameError, String routesError) {
        public boolean refused() {
            return nameError != null || routesError != null;
        }
    }

    private final AuthKeys keys;
    private final KeysToShow shown;
    private final UserRepository users;
    private final AuditLog audit;
    private final ApplicationHosts applications;

    public AccountKeys(AuthKeys keys, KeysToShow shown, UserRepository users, AuditLog audit,
            ApplicationHosts applications) {
        this.keys = keys;
        this.shown = shown;
        this.users = users;
        this.audit = audit;
        this.applications = applications;
    }

    public List<String> routeNames() {
        return applications.routeNames();
    }

    public Uni<List<AuthKey>> of(Session session) {
        return user(session).flatMap(user -> keys.liveOf(user.id));
    }

    /**
     * @param form the form's own id ({@link KeysToShow}); one that is missing or malformed (a
     *        page from before it had one) names a form of its own, which no second post can find
     * @param validity one of {@link #VALIDITIES} (days, or never); anything else is 90 days
     * @param routes route names the key is limited to; none: every route
     */
    public Uni<Outcome> create(PortalRequest request, Session session, String form, String name, String validity,
            List<String> routes, PortalMessages m) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > MAX_NAME || clean.chars().anyMatch(Character::isISOControl)) {
            return Uni.createFrom().item(new Outcome(null, false, m.keyNameMissing(), null));
        }
        List<String> chosen = routes == null ? List.of() : routes.stream().distinct().toList();
        if (!Set.copyOf(routeNames()).containsAll(chosen)) {
            return Uni.createFrom().item(new Outcome(null, false, null, m.keyRoutesUnknown()));
        }
        String chosenValidity = validity != null && VALIDITIES.contains(validity) ? validity : "90";
        OffsetDateTime expires = "never".equals(chosenValidity) ? null
                : OffsetDateTime.now().plusDays(Long.parseLong(chosenValidity));
        String id = KeysToShow.wellFormed(form) ? form : KeysToShow.newFormId();
        return user(session).flatMap(user -> shown.claim(user.id, id).flatMap(first -> !first
                ? Uni.createFrom().item(new Outcome(id, true, null, null))
                : keys.create(user.id, clean, chosen, expires)
                        .call(created -> audit.record(request.actor(user.username), AuditEvent.Type.AUTHKEY_CREATED,
                                AuditEvent.Outcome.SUCCESS, "key " + created.key().id + " '" + clean + "'"
                                        + (chosen.isEmpty() ? "" : " for " + String.join(",", chosen))))
                        .call(created -> shown.keep(user.id, id, clean, created.text())
                                // A key whose secret can never be shown must not stay live.
                                .onFailure().call(unkept -> keys.revoke(user.id, created.key().id)
                                        .call(revoked -> audit.record(request.actor(user.username),
                                                AuditEvent.Type.AUTHKEY_REVOKED, AuditEvent.Outcome.SUCCESS,
                                                "key " + created.key().id + " (never shown: Redis did not keep it)"))
                                        .onFailure().recoverWithNull()))
                        .map(created -> new Outcome(id, false, null, null))
                        // Nothing to show: the form may be sent again.
                        .onFailure().call(failed -> shown.forget(user.id, id).onFailure().recoverWithNull())));
    }

    /** What the form's page can show now. */
    public Uni<KeysToShow.State> toShow(Session session, String form) {
        return user(session).flatMap(user -> shown.read(user.id, form));
    }

    /** "I have copied it": the key is no longer kept for its page. */
    public Uni<Void> copied(Session session, String form) {
        return user(session).flatMap(user -> shown.forget(user.id, form));
    }

    public Uni<SelfService.Change> revoke(PortalRequest request, Session session, String id) {
        if (id == null || id.isBlank() || id.length() > 16) {
            return Uni.createFrom().item(SelfService.Change.NOT_FOUND);
        }
        return user(session).flatMap(user -> keys.revoke(user.id, id)
                .call(done -> done ? audit.record(request.actor(user.username), AuditEvent.Type.AUTHKEY_REVOKED,
                        AuditEvent.Outcome.SUCCESS, "key " + id) : Uni.createFrom().voidItem())
                .map(done -> done ? SelfService.Change.KEY_REVOKED : SelfService.Change.NOT_FOUND));
    }

    private Uni<User> user(Session session) {
        return Database.session(() -> users.findWithGroups(session.username()));
    }
}
