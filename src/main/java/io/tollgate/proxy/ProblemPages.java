package io.tollgate.proxy;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import io.tollgate.http.CookieHeader;
import io.tollgate.http.PageLanguage;
import io.tollgate.portal.PortalLinks;

/**
 * Renders the gateway's own error answers: an HTML page in the reader's language (the one
 * chosen on the portal, else the browser's) with a way back, for browsers; a small JSON
 * document for clients that ask for JSON.
 */
@ApplicationScoped
public class ProblemPages {

    private final PortalLinks links;

    public ProblemPages(PortalLinks links) {
        this.links = links;
    }

    @CheckedTemplate(basePath = "ErrorPage")
    static class Templates {
        static native TemplateInstance error(int status, String title, String detail, String lang, String portal);
    }

    public record Rendered(int status, String contentType, String body) {
    }

    public Rendered render(GatewayProblem problem, MultiMap requestHeaders) {
        return render(problem, requestHeaders, null);
    }

    /** @param login where to sign in, added to the JSON answer when given */
    public Rendered render(GatewayProblem problem, MultiMap requestHeaders, String login) {
        if (wantsJson(requestHeaders.get(HttpHeaders.ACCEPT))) {
            JsonObject body = new JsonObject()
                    .put("status", problem.status)
                    .put("error", problem.code)
                    .put("message", texts(problem, messages("en"))[1]);
            if (login != null) {
                body.put("login", login);
            }
            String json = body.encode();
            return new Rendered(problem.status, "application/json", json);
        }
        // The language the portal was switched to, as on its own pages.
        String lang = PageLanguage.of(CookieHeader.valueOf(requestHeaders, PageLanguage.COOKIE),
                requestHeaders.get(HttpHeaders.ACCEPT_LANGUAGE));
        String[] texts = texts(problem, messages(lang));
        String html = Templates.error(problem.status, texts[0], texts[1], lang, links.prefix())
                .setLocale(lang)
                .render();
        return new Rendered(problem.status, "text/html; charset=utf-8", html);
    }

    /** Answers a request with the page (or JSON) for the problem; never cached. */
    public void send(HttpServerRequest request, GatewayProblem problem) {
        send(request, problem, null);
    }

    public void send(HttpServerRequest request, GatewayProblem problem, String login) {
        Rendered page = render(problem, request.headers(), login);
        request.response()
                .setStatusCode(page.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, page.contentType())
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(page.body());
    }

    /** JSON when the client lists application/json and does not prefer HTML. */
    public static boolean wantsJson(String accept) {
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(Locale.ROOT);
        return a.contains("application/json") && !a.contains("text/html");
    }

    private static GatewayMessages messages(String lang) {
        return MessageBundles.get(GatewayMessages.class, Localized.Literal.of(lang));
    }

    private static String[] texts(GatewayProblem problem, GatewayMessages m) {
        return switch (problem) {
            case BAD_REQUEST -> new String[] { m.badRequestTitle(), m.badRequestDetail() };
            case BAD_FRAMING -> new String[] { m.badFramingTitle(), m.badFramingDetail() };
            case NOT_IMPLEMENTED -> new String[] { m.notImplementedTitle(), m.notImplementedDetail() };
            case LENGTH_REQUIRED -> new String[] { m.lengthRequiredTitle(), m.lengthRequiredDetail() };
            case FORM_TOO_LARGE -> new String[] { m.formTooLargeTitle(), m.formTooLargeDetail() };
            case FORM_MALFORMED -> new String[] { m.formMalformedTitle(), m.formMalformedDetail() };
            case UNAUTHORIZED -> new String[] { m.unauthorizedTitle(), m.unauthorizedDetail() };
            case INVALID_CREDENTIALS -> new String[] { m.invalidCredentialsTitle(), m.invalidCredentialsDetail() };
            case FORBIDDEN -> new String[] { m.forbiddenTitle(), m.forbiddenDetail() };
            case NOT_FOUND -> new String[] { m.notFoundTitle(), m.notFoundDetail() };
            case BAD_GATEWAY -> new String[] { m.badGatewayTitle(), m.badGatewayDetail() };
            case SERVICE_UNAVAILABLE -> new String[] { m.serviceUnavailableTitle(), m.serviceUnavailableDetail() };
            case GATEWAY_TIMEOUT -> new String[] { m.gatewayTimeoutTitle(), m.gatewayTimeoutDetail() };
        };
    }
}
