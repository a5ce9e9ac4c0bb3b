package io.tollgate.portal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.quarkus.qute.TemplateData;

/**
 * What every portal page needs: its language, where the portal lives, the session's form token
 * and the address to return to after sign-in.
 *
 * @param name this page's path under the portal prefix, for the language switch
 * @param rd the (already checked) return address, or null
 * @param actingAs the user an administrator is acting as in this session, or null: a banner says so
 */
@TemplateData
public record Page(String lang, String prefix, String name, String csrf, String rd, String actingAs) {

    public Page(String lang, String prefix, String name, String csrf, String rd) {
        this(lang, prefix, name, csrf, rd, null);
    }

    /** A portal page, carrying the return address along. */
    public String url(String page) {
        return prefix + "/" + page + (rd == null ? "" : "?rd=" + encode(rd));
    }

    public String stylesheet() {
        return prefix + "/static/portal.css";
    }

    /** This page in another language. */
    public String inLanguage(String language) {
        return prefix + "/" + name + "?lang=" + language + (rd == null ? "" : "&rd=" + encode(rd));
    }

    public boolean hasRd() {
        return rd != null;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
