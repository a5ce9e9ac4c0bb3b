package io.tollgate.portal;

import java.util.List;

import jakarta.ws.rs.core.Response;

import io.tollgate.session.Session;

/** The page that shows a new set of recovery codes, once, with a text file to download. */
final class RecoveryCodePage {

    private RecoveryCodePage() {
    }

    /** @param next where "I have saved them" leads */
    static Response render(PortalSessions portal, PortalRequest request, Session session, List<String> codes,
            String next) {
        PortalMessages m = PortalPages.messages(request.lang());
        StringBuilder text = new StringBuilder(m.codesFileHeader()).append("\r\n\r\n");
        codes.forEach(code -> text.append(code).append("\r\n"));
        String download = "data:text/plain;charset=utf-8," + Page.encode(text.toString()).replace("+", "%20");
        Page page = portal.page(request, "account", session, null);
        return PortalPages.ok(page, PortalPages.Templates.recoveryCodes(page, codes, download, next),
                portal.issue(session));
    }
}
