package io.tollgate.portal;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;

/** The portal's pages (type-safe Qute templates) and how they are sent. */
@ApplicationScoped
public class PortalPages {

    @CheckedTemplate(basePath = "Portal")
    static class Templates {
        static native TemplateInstance login(Page page, String username, String usernameError, String passwordError,
                String formError);

        static native TemplateInstance totp(Page page, Integer digits, String error, Boolean recoveryEnabled,
                String deviceName);

        static native TemplateInstance recovery(Page page, String error);

        static native TemplateInstance renew(Page page, String error);

        static native TemplateInstance setup(Page page, Long daysLeft);

        static native TemplateInstance enroll(Page page, EnrollmentView enrollment, String name, String nameError,
                String codeError, Boolean required);

        static native TemplateInstance recoveryCodes(Page page, List<String> codes, String download);

        static native TemplateInstance lowCodes(Page page, Long left, String next);

        static native TemplateInstance logout(Page page);

        static native TemplateInstance loggedOut(Page page, Boolean untrusted);

        static native TemplateInstance home(Page page, String name, List<String> groups, Boolean twoStep,
                Boolean canEnroll, Boolean canActAs);

        static native TemplateInstance account(Page page, AccountView account);

        static native TemplateInstance confirm(Page page, String error, PendingChange change);

        static native TemplateInstance message(Page page, String title, String detail, String link, String linkText);
    }

    public static PortalMessages messages(String lang) {
        return MessageBundles.get(PortalMessages.class, Localized.Literal.of(lang));
    }

    /** A rendered page with the given status; portal pages are never cached. */
    public static Response html(int status, Page page, TemplateInstance template, NewCookie... cookies) {
        String body = template.setLocale(page.lang()).render();
        return Response.status(status).type("text/html; charset=utf-8").entity(body).cookie(cookies).build();
    }

    public static Response ok(Page page, TemplateInstance template, NewCookie... cookies) {
        return html(200, page, template, cookies);
    }

    /** After a form: 303, so that a reload does not post again. */
    public static Response seeOther(String location, NewCookie... cookies) {
        return Response.status(303).header(HttpHeaders.LOCATION, location).cookie(cookies).build();
    }

    /** A page with a title, a sentence and an optional link. */
    public static Response message(int status, Page page, String title, String detail, String link, String linkText,
            NewCookie... cookies) {
        return html(status, page, Templates.message(page, title, detail, link, linkText), cookies);
    }
}
