package io.tollgate.admin.console;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.tollgate.account.UserRepository;
import io.tollgate.credential.TotpCredentials;
import io.tollgate.admin.Administrator;
import io.tollgate.portal.PortalPages;
import io.tollgate.portal.Language;
import io.tollgate.portal.PortalRequest;
import io.tollgate.portal.PortalSessions;
import io.tollgate.session.AuthLevel;
import io.tollgate.session.Session;
import io.tollgate.store.Database;

/**
 * Who may enter the console: a session signed in with two factors (a code or a trusted device
 * at sign-in; the password alone never, whatever the policy), of a user who is an enabled
 * administrator in the database now, not acting as someone else. Others are sent to sign in, or
 * told why not.
 */
@ApplicationScoped
public class ConsoleAccess {

    /** How a request stands. */
    public sealed interface Entry {
        /** An administrator; {@code confirmed}: a code was given in the last ten minutes. */
        record Admitted(Session session, Administrator administrator, boolean confirmed) implements Entry {
        }

        /** Anyone else: where to go, or a page saying why not. */
        record Away(Response response) implements Entry {
        }
    }

    /** Why a signed-in user cannot enter. */
    enum Refusal {
        NOT_ADMINISTRATOR, NEEDS_CODE, ACTING_AS
    }

    /** How long a code counts as recent for a change. */
    static final Duration RECENT_CODE = Duration.ofMinutes(10);

    private final PortalSessions portal;
    private final UserRepository users;
    private final TotpCredentials credentials;
    private final ConsolePages pages;

    public ConsoleAccess(PortalSessions portal, UserRepository users, TotpCredentials credentials, ConsolePages pages) {
        this.portal = portal;
        this.users = users;
        this.credentials = credentials;
        this.pages = pages;
    }

    /** For a page: the current session, whatever it is; {@code here} is the console page to come back to. */
    public Uni<Entry> enter(PortalRequest request, String here) {
        return portal.current(request).flatMap(current -> judge(request, current.session(), here));
    }

    /**
     * A console page for an admitted administrator, built by {@code show} from its page model;
     * anyone else is sent to sign in or told why not.
     *
     * @param path this page under the console, query included (to come back to, and for the language switch)
     */
    public Uni<Response> show(PortalRequest request, String lang, String path, String section,
            java.util.function.Function<ConsolePage, Uni<Response>> show) {
        PortalRequest inLanguage = Language.apply(request, lang);
        return enter(inLanguage, pages.base() + path).flatMap(entry -> {
            if (entry instanceof Entry.Away away) {
                return Uni.createFrom().item(away.response());
            }
            Entry.Admitted admitted = (Entry.Admitted) entry;
            return show.apply(pages.page(inLanguage, admitted.session(), admitted.administrator().username(),
                    admitted.confirmed(), path, section));
        }).map(response -> Language.remember(response, lang));
    }

    /** For a form: the session that sent it (its token checked by the caller). */
    Uni<Entry> judge(PortalRequest request, Session session, String here) {
        if (!session.signedIn() || !session.satisfiesTwoFactor()) {
            return Uni.createFrom().item(new Entry.Away(PortalPages.seeOther(portal.next(session, here))));
        }
        if (session.level() != AuthLevel.TWO_FACTOR) {
            return refused(request, session, Refusal.NEEDS_CODE);
        }
        if (session.actingAs(Instant.now()).isPresent()) {
            return refused(request, session, Refusal.ACTING_AS);
        }
        return Database.session(() -> users.findByUsername(session.username())).flatMap(user -> {
            if (user == null || !user.admin || user.disabled) {
                return refused(request, session, Refusal.NOT_ADMINISTRATOR);
            }
            // Changes need a code: an administrator without an authenticator (removed since sign-in) has none to give.
            return credentials.verifiedOf(user.id).map(verified -> verified.isEmpty()
                    ? new Entry.Away(pages.refused(request, session, Refusal.NEEDS_CODE))
                    : (Entry) new Entry.Admitted(session, new Administrator(user.username, "console",
                            request.clientAddress(), request.userAgent()),
                            session.recentSecondFactor(Instant.now(), RECENT_CODE)));
        });
    }

    private Uni<Entry> refused(PortalRequest request, Session session, Refusal why) {
        return Uni.createFrom().item(new Entry.Away(pages.refused(request, session, why)));
    }
}
