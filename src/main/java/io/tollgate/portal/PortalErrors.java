package io.tollgate.portal;

import java.util.UUID;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.tollgate.http.PageLanguage;
import io.tollgate.store.StoreUnavailableException;

/**
 * Failures the portal pages answer for themselves: PostgreSQL or Redis out of reach is a
 * friendly 503 that asks to try again (nothing was changed; it works again by itself once
 * the store is back); anything else is a 500 with a reference to find the logged cause. No
 * exception text reaches the page.
 */
public class PortalErrors {

    private static final Logger LOG = Logger.getLogger(PortalErrors.class);

    private final String prefix;

    public PortalErrors(PortalLinks links) {
        this.prefix = links.prefix();
    }

    @ServerExceptionMapper(priority = Priorities.USER + 100)
    public Response map(Throwable failure, HttpHeaders headers) {
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            return web.getResponse();
        }
        String lang = language(headers);
        Page page = new Page(lang, prefix, "login", "", null);
        if (storeUnavailable(failure)) {
            LOG.warnf("Portal request failed, a store is unavailable: %s", describe(failure));
            return unavailable(page);
        }
        String refusingWrites = StoreUnavailableException.databaseRefusingWrites(failure);
        if (refusingWrites != null) {
            // Fail closed: no sign-in without its records (last sign-in, audit, used codes).
            LOG.errorf("Portal request refused: %s; sign-ins and account changes fail until it accepts writes again",
                    refusingWrites);
            return unavailable(page);
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(failure, "Portal request failed (reference %s)", reference);
        PortalMessages m = PortalPages.messages(lang);
        return PortalPages.message(500, page, m.internalTitle(), m.internalDetail(reference), prefix + "/login",
                m.backToSignIn());
    }

    /** The "temporarily unavailable" page, 503 with Retry-After. */
    static Response unavailable(Page page) {
        PortalMessages m = PortalPages.messages(page.lang());
        Response response = PortalPages.message(503, page, m.unavailableTitle(), m.unavailableDetail(), null, null);
        return Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, "5").build();
    }

    /** PostgreSQL or Redis could not be reached or did not answer in time, as decided where it was called. */
    public static boolean storeUnavailable(Throwable failure) {
        return StoreUnavailableException.in(failure);
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String language(HttpHeaders headers) {
        Cookie chosen = headers.getCookies().get(PageLanguage.COOKIE);
        return PageLanguage.of(chosen == null ? null : chosen.getValue(), headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    }
}
