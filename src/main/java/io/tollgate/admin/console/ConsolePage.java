package io.tollgate.admin.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.quarkus.qute.TemplateData;

/**
 * What every console page needs: its language, the portal prefix, this page's path under the
 * console (for the language switch), the session's form token, the administrator, whether a
 * code was given in the last ten minutes (else each change form asks for one), and the section
 * of the menu it belongs to.
 */
@TemplateData
public record ConsolePage(String lang, String prefix, String path, String csrf, String admin, boolean confirmed,
        String section) {

    public String base() {
        return prefix + "/admin";
    }

    public String stylesheet() {
        return prefix + "/static/portal.css";
    }

    public String consoleStylesheet() {
        return base() + "/static/console.css";
    }

    /** This page in another language. */
    public String inLanguage(String language) {
        return base() + path + (path.contains("?") ? "&" : "?") + "lang=" + language;
    }

    public boolean in(String name) {
        return section.equals(name);
    }

    /** A value for a query string. */
    public String query(String value) {
        return encode(value);
    }

    static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
