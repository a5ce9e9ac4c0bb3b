package io.tollgate.portal;

import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;
import io.tollgate.credential.TotpCredential;
import io.tollgate.credential.TotpCredentials;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.session.AuthLevel;
import io.tollgate.session.Session;
import io.tollgate.signin.EnrollmentStep;
import io.tollgate.signin.SignInResult;
import io.tollgate.totp.KeyUri;
import io.tollgate.totp.QrRenderer;
import io.tollgate.totp.TotpSettings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Setting up TOTP: the grace-period page, the enrollment (QR code, the secret in groups of
 * four, confirmation with a current code), then on to the recovery codes it made.
 */
@Path(PortalConfig.INTERNAL_PREFIX)
public class EnrollmentResource {

    static final int MAX_NAME = 100;

    private final PortalSessions portal;
    private final EnrollmentStep enrollmentStep;
    private final RequestPolicy policy;
    private final TotpSettings totp;
    private final TotpCredentials credentials;
    private final SelfService self;
    private final QrRenderer qr;
    private final PortalBrand brand;
    private final ConfirmedChanges changes;
    private final Vertx vertx;

    public EnrollmentResource(PortalSessions portal, EnrollmentStep enrollmentStep, RequestPolicy policy,
            TotpSettings totp, TotpCredentials credentials, SelfService self, QrRenderer qr, PortalBrand brand,
            ConfirmedChanges changes, Vertx vertx) {
        this.vertx = vertx;
        this.brand = brand;
        this.changes = changes;
        this.portal = portal;
        this.enrollmentStep = enrollmentStep;
        this.policy = policy;
        this.totp = totp;
        this.credentials = credentials;
        this.self = self;
        this.qr = qr;
    }

    @GET
    @Path("/setup")
    public Uni<Response> setupPage(HttpServerRequest http, @RestQuery String rd, @RestQuery String lang) {
        PortalRequest request = Language.apply(PortalRequest.of(http, policy), lang);
        String target = portal.safe(rd, request);
        return portal.current(request).flatMap(current -> {
            Session session = current.session();
            if (session.pending() != Session.Pending.ENROLLMENT_OPTIONAL) {
                return Uni.createFrom().item(PortalPages.seeOther(portal.next(session, target)));
            }
            return enrollmentStep.graceDaysLeft(session)
                    .map(days -> {
                        Page page = portal.page(request, "setup", session, target);
                        return PortalPages.ok(page, PortalPages.Templates.setup(page, days),
                                Language.cookies(lang, current.cookies()));
                    });
        });
    }

    @POST
    @Path("/setup/skip")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> skip(HttpServerRequest http, @RestForm String csrf, @RestForm String rd) {
        PortalRequest request = PortalRequest.of(http, policy);
        String target = portal.safe(rd, request);
        return portal.form(request, csrf, target, session -> session.pending() == Session.Pending.ENROLLMENT_OPTIONAL
                ? enrollmentStep.skip(session).map(next -> PortalPages.seeOther(portal.next(next, target)))
                : Uni.createFrom().item(PortalPages.seeOther(portal.next(session, target))),
                () -> Uni.createFrom().item(PortalPages.seeOther(portal.links().page("login", target))));
    }

    @GET
    @Path("/enroll")
    public Uni<Response> enrollPage(HttpServerRequest http, @RestQuery String rd, @RestQuery String lang) {
        PortalRequest request = Language.apply(PortalRequest.of(http, policy), lang);
        String target = portal.safe(rd, request);
        return portal.current(request).flatMap(current -> {
            Session session = current.session();
            if (!EnrollmentStep.mayEnroll(session)) {
                return Uni.createFrom().item(PortalPages.seeOther(portal.next(session, target)));
            }
            return confirmedFirst(session, null, target, () -> enrollmentStep.pending(session)
                    .flatMap(pending -> enrollForm(request, session, target, pending, null, null, null, 200,
                            Language.cookies(lang, current.cookies()))));
        });
    }

    @POST
    @Path("/enroll")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> enroll(HttpServerRequest http, @RestForm String csrf, @RestForm String rd,
            @RestForm String enrollment, @RestForm String name, @RestForm String code) {
        PortalRequest request = PortalRequest.of(http, policy);
        String target = portal.safe(rd, request);
        PortalMessages m = PortalPages.messages(request.lang());
        String credentialName = name == null ? "" : name.strip();
        // Sent again after it moved the session on (a double click), the form leads to the codes it made.
        return portal.form(request, csrf, portal.links().page("recovery-codes", target), session -> {
            if (!EnrollmentStep.mayEnroll(session)) {
                return Uni.createFrom().item(PortalPages.seeOther(portal.next(session, target)));
            }
            // A twin post that confirmed this enrollment is looked for where it shows: no pending enrollment, a
            // code owed to a new authenticator, the code already used.
            UUID named = parseId(enrollment);
            return confirmedFirst(session, named, target, () -> enrollmentStep
                    .pending(session, named).flatMap(pending -> {
                        if (pending.isEmpty()) {
                            return sentTwice(session, named, target, 0, () -> enrollmentStep.pending(session)
                                    .flatMap(fresh -> enrollForm(request, session, target, fresh, credentialName, null,
                                            m.errEnrollExpired(), 400)));
                        }
                        if (credentialName.isEmpty() || credentialName.length() > MAX_NAME) {
                            return enrollForm(request, session, target, pending.get(), credentialName,
                                    m.errNameMissing(), null, 400);
                        }
                        return enrollmentStep.confirm(request.client(), session, pending.get(), credentialName, code)
                                .flatMap(result -> confirmed(request, session, target, pending.get(),
                                        credentialName, result));
                    }));
        }, () -> Uni.createFrom().item(PortalPages.seeOther(portal.links().page("login", target))));
    }

    private Uni<Response> confirmed(PortalRequest request, Session session, String target,
            TotpCredential pending, String credentialName, SignInResult result) {
        PortalMessages m = PortalPages.messages(request.lang());
        if (result instanceof SignInResult.Passed passed) {
            Session next = passed.session();
            // A first authenticator comes with recovery codes, shown by a page of their own (reloads show the same set).
            return enrollmentStep.recoveryCodesAfter(next).map(codes -> PortalPages.seeOther(codes.isPresent()
                    ? portal.links().page("recovery-codes", target) : portal.next(next, target), portal.issue(next)));
        }
        if (result instanceof SignInResult.Replay) {
            // The same code from the same form sent twice at once: the other post is confirming it.
            CodeRefusal refusal = CodeRefusal.of(result, m, pending.digits, false);
            return sentTwice(session, pending.id, target, TwinPosts.WAITS, () -> enrollForm(request,
                    session, target, pending, credentialName, null, refusal.error(), refusal.status()));
        }
        if (result instanceof SignInResult.SignedOut) {
            return Uni.createFrom().item(portal.signedOut());
        }
        if (result instanceof SignInResult.Unavailable) {
            return Uni.createFrom().item(PortalErrors.unavailable(portal.page(request, "enroll", session, target)));
        }
        CodeRefusal refusal = CodeRefusal.of(result, m, pending.digits, false);
        return enrollForm(request, session, target, pending, credentialName, null, refusal.error(), refusal.status());
    }

    /** The enrollment page; its QR code is drawn off the event loop. */
    private Uni<Response> enrollForm(PortalRequest request, Session session, String target, TotpCredential pending,
            String name, String nameError, String codeError, int status, NewCookie... cookies) {
        PortalMessages m = PortalPages.messages(request.lang());
        byte[] secret = credentials.secretOf(pending);
        KeyUri uri;
        try {
            uri = totp.keyUri(brand.name(), session.username(),
                    session.identity().email(), session.identity().displayName(), secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        return qr.pngDataUri(uri.toUri()).map(image -> {
            EnrollmentView view = new EnrollmentView(pending.id.toString(), image,
                    EnrollmentView.groupsOfFour(uri.secret()), pending.algorithm, pending.digits, pending.period);
            Page page = portal.page(request, "enroll", session, target);
            return PortalPages.html(status, page, PortalPages.Templates.enroll(page, view,
                    name == null ? m.defaultCredentialName() : name, nameError, codeError,
                    session.pending() == Session.Pending.ENROLLMENT), cookies);
        });
    }

    /**
     * Adding an authenticator to an account that has one is a change of its security: it needs
     * a recent code from an existing one, like the account page's changes. A session still
     * signed in with the password alone, whose user has meanwhile confirmed an authenticator
     * elsewhere, owes a code like any sign-in of that user. After every authenticator expired, the
     * recovery code is the only code the user can give: once it is no longer recent, another one.
     */
    private Uni<Response> confirmedFirst(Session session, UUID posted, String target, Supplier<Uni<Response>> action) {
        return self.confirmedRecently(session).flatMap(confirmed -> {
            if (confirmed) {
                return action.get();
            }
            if (session.level() == AuthLevel.TWO_FACTOR && session.pending() == Session.Pending.ENROLLMENT) {
                return enrollmentStep.owesRecoveryCode(session).map(next -> PortalPages.seeOther(portal.next(next, null)));
            }
            if (session.level() != AuthLevel.TWO_FACTOR && (session.pending() == Session.Pending.ENROLLMENT
                    || session.pending() == Session.Pending.ENROLLMENT_OPTIONAL)) {
                Supplier<Uni<Response>> owesCode = () -> enrollmentStep.owesCode(session)
                        .map(next -> PortalPages.seeOther(portal.next(next, null)));
                // The authenticator confirmed meanwhile may be this very form's, by its twin post.
                // Already stored when seen here: one look, no waiting.
                return posted == null ? owesCode.get() : sentTwice(session, posted, target, 0, owesCode);
            }
            return Uni.createFrom().item(changes.askFirst("enroll"));
        });
    }

    /**
     * The form found its enrollment already confirmed — by the same form sent a moment before (a
     * double click): on to the recovery codes that enrollment made, as the first post was, instead of an
     * error. That page takes this browser through the sign-in again if its session moved on.
     */
    private Uni<Response> sentTwice(Session session, UUID enrollment, String target, int waits,
            Supplier<Uni<Response>> otherwise) {
        return TwinPosts.done(vertx, () -> enrollmentStep.justConfirmed(session, enrollment), waits)
                .flatMap(done -> done ? Uni.createFrom().item(PortalPages.seeOther(portal.links().page("recovery-codes",
                        target))) : otherwise.get());
    }

    private static UUID parseId(String id) {
        try {
            return id == null ? new UUID(0, 0) : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return new UUID(0, 0);
        }
    }

}
