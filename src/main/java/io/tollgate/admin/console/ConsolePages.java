package io.tollgate.admin.console;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.tollgate.admin.Dashboard;
import io.tollgate.admin.GroupAdministration;
import io.tollgate.portal.PortalLinks;
import io.tollgate.portal.PortalRequest;
import io.tollgate.session.Session;

/** The console's pages (type-safe Qute templates) and how they are sent: never cached, never framed. */
@ApplicationScoped
public class ConsolePages {

    @CheckedTemplate(basePath = "Console")
    static class Templates {
        static native TemplateInstance dashboard(ConsolePage page, Dashboard.Overview overview, String chart);

        static native TemplateInstance users(ConsolePage page, UsersView view);

        static native TemplateInstance user(ConsolePage page, UserView view);

        static native TemplateInstance policy(ConsolePage page, PolicyForm form);

        static native TemplateInstance audit(ConsolePage page, AuditView view);

        static native TemplateInstance groups(ConsolePage page, List<GroupAdministration.GroupEntry> groups,
                String notice, String error, String name, String nameError);

        static native TemplateInstance group(ConsolePage page, GroupView view);

        static native TemplateInstance refused(ConsolePage page, String title, String detail);
    }

    private final PortalLinks links;

    public ConsolePages(PortalLinks links) {
        this.links = links;
    }

    public static ConsoleMessages messages(String lang) {
        return MessageBundles.get(ConsoleMessages.class, Localized.Literal.of(lang));
    }

    /** Where the console lives. */
    String base() {
        return links.prefix() + "/admin";
    }

    /** The page model for an admitted administrator. */
    ConsolePage page(PortalRequest request, Session session, String admin, boolean confirmed, String path,
            String section) {
        return new ConsolePage(request.lang(), links.prefix(), path, session.csrfToken(), admin, confirmed, section);
    }

    static Response html(int status, ConsolePage page, TemplateInstance template, NewCookie... cookies) {
        String body = template.setLocale(page.lang()).render();
        return Response.status(status).type("text/html; charset=utf-8").entity(body).cookie(cookies)
                .header("Cache-Control", "no-store").header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
                .build();
    }

    /** Why a signed-in user may not enter. */
    Response refused(PortalRequest request, Session session, ConsoleAccess.Refusal why) {
        ConsoleMessages m = messages(request.lang());
        ConsolePage page = new ConsolePage(request.lang(), links.prefix(), "", session.csrfToken(), null, false, "");
        return switch (why) {
            case NOT_ADMINISTRATOR -> html(403, page, Templates.refused(page, m.notAdministratorTitle(),
                    m.notAdministratorDetail()));
            case NEEDS_CODE -> html(403, page, Templates.refused(page, m.needsCodeTitle(), m.needsCodeDetail()));
            case ACTING_AS -> html(403, page, Templates.refused(page, m.actingAsTitle(), m.actingAsDetail()));
        };
    }

    static Response seeOther(String location, NewCookie... cookies) {
        return Response.status(303).header("Location", location).cookie(cookies).build();
    }
}
