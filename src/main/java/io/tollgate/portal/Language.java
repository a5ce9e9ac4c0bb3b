package io.tollgate.portal;

import java.util.Arrays;

import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import io.tollgate.http.PageLanguage;

/** The language switch: {@code ?lang=fr} on any page sets a cookie that outranks Accept-Language. */
public final class Language {

    private Language() {
    }

    public static PortalRequest apply(PortalRequest request, String lang) {
        return chosen(lang) ? request.withLang(lang) : request;
    }

    /** The page's cookies, plus the language cookie when one was chosen. */
    public static NewCookie[] cookies(String lang, NewCookie... others) {
        if (!chosen(lang)) {
            return others;
        }
        NewCookie[] all = Arrays.copyOf(others, others.length + 1);
        all[others.length] = new NewCookie.Builder(PortalRequest.LANGUAGE_COOKIE).value(lang).path("/")
                .maxAge(365 * 24 * 3600).sameSite(NewCookie.SameSite.LAX).build();
        return all;
    }

    /** The response, with the language cookie when one was chosen (a switch from a page that answers by itself). */
    public static Response remember(Response response, String lang) {
        return chosen(lang) ? Response.fromResponse(response).cookie(cookies(lang)).build() : response;
    }

    private static boolean chosen(String lang) {
        return lang != null && PageLanguage.SUPPORTED.contains(lang);
    }
}
