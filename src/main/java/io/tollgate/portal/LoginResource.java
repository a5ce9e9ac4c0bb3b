package io.tollgate.portal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;
import io.tollgate.device.DeviceCookies;
import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.session.AuthLevel;
import io.tollgate.session.Session;
import io.tollgate.signin.DelegationStep;
import io.tollgate.signin.LogoutStep;
import io.tollgate.signin.PasswordStep;
import io.tollgate.signin.SignInResult;
import io.vertx.core.http.HttpServerRequest;

/** Sign-in with a password, sign-out and the portal's home page. */
@Path(PortalConfig.INTERNAL_PREFIX)
public class LoginResource {

    static final int MAX_USERNAME = 128;
    static final int MAX_PASSWORD = 1024;

    private final PortalSessions portal;
    private final PasswordStep passwords;
    private final LogoutStep logouts;
    private final RequestPolicy policy;
    private final DeviceCookies deviceCookies;
    private final DelegationStep delegation;

    public LoginResource(PortalSessions portal, PasswordStep passwords, LogoutStep logouts, RequestPolicy policy,
            DeviceCookies deviceCookies, DelegationStep delegation) {
        this.delegation = delegation;
        this.portal = portal;
        this.passwords = passwords;
        this.logouts = logouts;
        this.policy = policy;
        this.deviceCookies = deviceCookies;
    }

    @GET
    @Path("/login")
    public Uni<Response> loginPage(HttpServerRequest http, @RestQuery String rd, @RestQuery String lang) {
        PortalRequest request = Language.apply(PortalRequest.of(http, policy), lang);
        String target = portal.safe(rd, request);
        return portal.current(request).map(current -> current.session().signedIn()
                ? PortalPages.seeOther(portal.next(current.session(), target), Language.cookies(lang, current.cookies()))
                : PortalPages.ok(portal.page(request, "login", current.session(), target),
                        PortalPages.Templates.login(portal.page(request, "login", current.session(), target), null, null,
                                null, null),
                        Language.cookies(lang, current.cookies())));
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> login(HttpServerRequest http, @RestForm String csrf, @RestForm String rd,
            @RestForm String username, @RestForm String password) {
        PortalRequest request = PortalRequest.of(http, policy);
        String target = portal.safe(rd, request);
        PortalMessages m = PortalPages.messages(request.lang());
        return portal.form(request, csrf, target, session -> {
            if (session.signedIn()) {
                return Uni.createFrom().item(PortalPages.seeOther(portal.next(session, target)));
            }
            String name = username == null ? "" : username.trim();
            String usernameError = name.isEmpty() ? m.errUsernameMissing()
                    : name.length() > MAX_USERNAME ? m.errTooLong() : null;
            String passwordError = password == null || password.isEmpty() ? m.errPasswordMissing()
                    : password.length() > MAX_PASSWORD ? m.errTooLong() : null;
            if (usernameError != null || passwordError != null) {
                return Uni.createFrom().item(form(request, session, target, 400, name, usernameError, passwordError, null));
            }
            return passwords.signIn(request.client(), session, name, password.toCharArray(), portal.deviceToken(request))
                    .map(result -> {
                if (result instanceof SignInResult.Passed passed) {
                    return PortalPages.seeOther(portal.next(passed.session(), target), portal.issue(passed.session()));
                }
                if (result instanceof SignInResult.Locked locked) {
                    return form(request, session, target, 429, name, null, locked(m, locked), null);
                }
                if (result instanceof SignInResult.Wrong wrong) {
                    return form(request, session, target, 401, name, null, m.errWrongPassword(wrong.attemptsLeft()),
                            null);
                }
                // The password step answers nothing else; a store that fails arrives as a failure.
                throw new IllegalStateException("Unexpected result of the password step: " + result);
            });
        }, () -> portal.current(request).map(current -> form(request, current.session(), target, 400,
                username == null ? "" : username.trim(), null, null, m.errFormExpired(), current.cookies())));
    }

    @GET
    @Path("/")
    public Uni<Response> home(HttpServerRequest http, @RestQuery String lang) {
        PortalRequest request = Language.apply(PortalRequest.of(http, policy), lang);
        return portal.current(request).map(current -> {
            Session session = current.session();
            if (!session.satisfiesTwoFactor()) {
                return PortalPages.seeOther(portal.next(session, null), Language.cookies(lang, current.cookies()));
            }
            Page page = portal.page(request, "", session, null);
            String name = session.identity().displayName() != null ? session.identity().displayName() : session.username();
            boolean twoStep = session.level() == AuthLevel.TWO_FACTOR;
            return PortalPages.ok(page, PortalPages.Templates.home(page, name, session.identity().groups(), twoStep,
                    !twoStep, delegation.allowed(session)), Language.cookies(lang, current.cookies()));
        });
    }

    @GET
    @Path("/logout")
    public Uni<Response> logoutPage(HttpServerRequest http, @RestQuery String lang) {
        PortalRequest request = Language.apply(PortalRequest.of(http, policy), lang);
        return portal.current(request).map(current -> {
            Page page = portal.page(request, "logout", current.session(), null);
            // A trusted browser whose session ended can still be signed out of: that ends its trust.
            return current.session().signedIn() || portal.deviceToken(request) != null
                    ? PortalPages.ok(page, PortalPages.Templates.logout(page), Language.cookies(lang, current.cookies()))
                    : PortalPages.ok(page, PortalPages.Templates.loggedOut(page, false),
                            Language.cookies(lang, current.cookies()));
        });
    }

    @POST
    @Path("/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> logout(HttpServerRequest http, @RestForm String csrf) {
        PortalRequest request = PortalRequest.of(http, policy);
        Page page = portal.page(request, "logout", null, null);
        return portal.form(request, csrf, null, session -> logouts.logout(request.client(), session, portal.deviceToken(request))
                .map(untrusted -> signedOut(page, untrusted)),
                () -> logouts.forgetDevice(portal.deviceToken(request)).map(untrusted -> signedOut(page, untrusted)));
    }

    private Response signedOut(Page page, boolean untrusted) {
        return PortalPages.ok(page, PortalPages.Templates.loggedOut(page, untrusted), untrusted
                ? new NewCookie[] { portal.clear(), deviceCookies.clear() } : new NewCookie[] { portal.clear() });
    }

    private Response form(PortalRequest request, Session session, String target, int status, String username,
            String usernameError, String passwordError, String formError, NewCookie... cookies) {
        Page page = portal.page(request, "login", session, target);
        return PortalPages.html(status, page,
                PortalPages.Templates.login(page, username, usernameError, passwordError, formError), cookies);
    }

    /**
     * Names the limit: the account's ("locked until 14:05 UTC: try again in 12 minutes") or the
     * network's ("try again in 8 seconds": its queue of attempts is too long).
     */
    static String locked(PortalMessages m, SignInResult.Locked locked) {
        if (locked.kind() == SecondFactorGuard.LockKind.ADDRESS) {
            return m.errNetworkBusy(secondsUntil(locked.until()));
        }
        String time = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC)
                .format(locked.until());
        return m.errLocked(time, minutesUntil(locked.until()));
    }

    static long secondsUntil(Instant until) {
        long millis = Math.max(0, Duration.between(Instant.now(), until).toMillis());
        return Math.max(1, (millis + 999) / 1000);
    }

    static long minutesUntil(Instant until) {
        long seconds = Math.max(0, Duration.between(Instant.now(), until).toSeconds());
        return Math.max(1, (seconds + 59) / 60);
    }
}
