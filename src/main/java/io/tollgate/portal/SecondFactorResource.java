package io.tollgate.portal;

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
import io.tollgate.device.DeviceCookies;
import io.tollgate.device.DeviceNames;
import io.tollgate.policy.PolicySettings;
import io.tollgate.policy.PolicySettingsStore;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.session.Session;
import io.tollgate.signin.CodeStep;
import io.tollgate.signin.RecoveryCodeStep;
import io.tollgate.signin.SignInResult;
import io.tollgate.totp.TotpSettings;
import io.vertx.core.http.HttpServerRequest;

/** The second step: a TOTP code, or a recovery code instead. */
@Path(PortalConfig.INTERNAL_PREFIX)
public class SecondFactorResource {

    private final PortalSessions portal;
    private final CodeStep codes;
    private final RecoveryCodeStep recoveryCodes;
    private final RequestPolicy policy;
    private final PolicySettingsStore settings;
    private final TotpSettings totp;
    private final DeviceCookies deviceCookies;

    public SecondFactorResource(PortalSessions portal, CodeStep codes, RecoveryCodeStep recoveryCodes, RequestPolicy policy, PolicySettingsStore settings,
            TotpSettings totp, DeviceCookies deviceCookies) {
        this.portal = portal;
        this.codes = codes;
        this.recoveryCodes = recoveryCodes;
        this.policy = policy;
        this.settings = settings;
        this.totp = totp;
        this.deviceCookies = deviceCookies;
    }

    @GET
    @Path("/totp")
    public Uni<Response> totpPage(HttpServerRequest http, @RestQuery String rd, @RestQuery String lang) {
        return page(http, rd, lang, "totp", null, 200);
    }

    @POST
    @Path("/totp")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> totp(HttpServerRequest http, @RestForm String csrf, @RestForm String rd, @RestForm String code,
            @RestForm String trust, @RestForm String deviceName) {
        PortalRequest request = PortalRequest.of(http, policy);
        String target = portal.safe(rd, request);
        String trustAs = "on".equals(trust) ? deviceNameOrDefault(deviceName, request) : null;
        return portal.form(request, csrf, target, session -> awaiting(session)
                ? codes.secondFactor(request.client(), session, code, trustAs)
                        .flatMap(result -> answer(request, session, target, "totp", result))
                : next(session, target), () -> toLogin(target));
    }

    /** What the user typed (trimmed, at most 100 characters), else a name made from the browser's User-Agent. */
    static String deviceNameOrDefault(String typed, PortalRequest request) {
        String name = typed == null ? "" : typed.strip();
        if (name.isEmpty()) {
            return DeviceNames.fromUserAgent(request.userAgent());
        }
        return name.length() > 100 ? name.substring(0, 100) : name;
    }

    @GET
    @Path("/recovery")
    public Uni<Response> recoveryPage(HttpServerRequest http, @RestQuery String rd, @RestQuery String lang) {
        return page(http, rd, lang, "recovery", null, 200);
    }

    @POST
    @Path("/recovery")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> recovery(HttpServerRequest http, @RestForm String csrf, @RestForm String rd,
            @RestForm String code) {
        PortalRequest request = PortalRequest.of(http, policy);
        String target = portal.safe(rd, request);
        return portal.form(request, csrf, target, session -> settings.current().flatMap(s -> !awaiting(session)
                || !s.recoveryCodesEnabled() ? next(session, target)
                        : recoveryCodes.secondFactor(request.client(), session, code)
                                .flatMap(result -> answer(request, session, target, "recovery", result))),
                () -> toLogin(target));
    }

    private Uni<Response> page(HttpServerRequest http, String rd, String lang, String name, String error, int status) {
        PortalRequest request = Language.apply(PortalRequest.of(http, policy), lang);
        String target = portal.safe(rd, request);
        return portal.current(request).flatMap(current -> {
            Session session = current.session();
            if (!awaiting(session)) {
                return next(session, target);
            }
            return render(request, session, target, name, error, status, Language.cookies(lang, current.cookies()));
        });
    }

    private Uni<Response> render(PortalRequest request, Session session, String target, String name, String error,
            int status, NewCookie... cookies) {
        return settings.current().map(s -> {
            if (name.equals("recovery") && !s.recoveryCodesEnabled()) {
                Page page = portal.page(request, "totp", session, target);
                return PortalPages.html(status, page, PortalPages.Templates.totp(page, totp.digits(), error, false,
                        deviceName(s, request)), cookies);
            }
            Page page = portal.page(request, name, session, target);
            return PortalPages.html(status, page, name.equals("recovery") ? PortalPages.Templates.recovery(page, error)
                    : PortalPages.Templates.totp(page, totp.digits(), error, s.recoveryCodesEnabled(),
                            deviceName(s, request)), cookies);
        });
    }

    /** The suggested device name, or null when devices cannot be trusted (the option is not shown). */
    private static String deviceName(PolicySettings settings, PortalRequest request) {
        return settings.devicesCanBeTrusted() ? DeviceNames.fromUserAgent(request.userAgent()) : null;
    }

    private Uni<Response> answer(PortalRequest request, Session session, String target, String name,
            SignInResult result) {
        PortalMessages m = PortalPages.messages(request.lang());
        boolean recovery = name.equals("recovery");
        if (result instanceof SignInResult.Passed passed) {
            return Uni.createFrom().item(passedPage(passed, target));
        }
        if (result instanceof SignInResult.SignedOut) {
            return Uni.createFrom().item(portal.signedOut());
        }
        if (result instanceof SignInResult.Unavailable) {
            return Uni.createFrom().item(PortalErrors.unavailable(portal.page(request, name, session, target)));
        }
        CodeRefusal refusal = CodeRefusal.of(result, m, totp.digits(), recovery);
        return render(request, session, target, name, refusal.error(), refusal.status());
    }

    /** Signed in: on to the target, through a warning when few recovery codes are left. */
    Response passedPage(SignInResult.Passed passed, String target) {
        Session session = passed.session();
        String next = portal.next(session, target);
        NewCookie[] cookies = passed.trusted().map(t -> new NewCookie[] { portal.issue(session),
                deviceCookies.issue(t.token(), t.validity()) }).orElse(new NewCookie[] { portal.issue(session) });
        // The warning is a page of its own, reached by a redirect: a reload does not post the code again.
        return PortalPages.seeOther(passed.recoveryCodesLeft().isPresent() ? portal.links().page("codes-left", target)
                : next, cookies);
    }

    private static boolean awaiting(Session session) {
        return session.signedIn() && session.pending() == Session.Pending.SECOND_FACTOR;
    }

    private Uni<Response> next(Session session, String target) {
        return Uni.createFrom().item(PortalPages.seeOther(portal.next(session, target)));
    }

    private Uni<Response> toLogin(String target) {
        return Uni.createFrom().item(PortalPages.seeOther(portal.links().page("login", target)));
    }
}
