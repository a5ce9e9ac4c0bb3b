package io.tollgate.http;

import java.util.List;
import java.util.Locale;

/**
 * Picks the page language among the languages Tollgate speaks: the one chosen with the portal's
 * language switch (a cookie), else the best of Accept-Language.
 */
public final class PageLanguage {

    public static final List<String> SUPPORTED = List.of("en", "fr");
    public static final String DEFAULT = "en";
    /** Set by the portal's language switch, read by every page the gateway writes itself. */
    public static final String COOKIE = "tollgate_lang";

    private PageLanguage() {
    }

    /** @param chosen the language cookie's value, or null */
    public static String of(String chosen, String acceptLanguage) {
        return chosen != null && SUPPORTED.contains(chosen) ? chosen : fromAcceptLanguage(acceptLanguage);
    }

    public static String fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return DEFAULT;
        }
        String best = DEFAULT;
        double bestQ = -1;
        for (String part : header.split(",")) {
            // A limit of -1 keeps empty pieces: ";;" must not leave the array empty.
            String[] pieces = part.trim().split(";", -1);
            String tag = pieces[0].trim().toLowerCase(Locale.ROOT);
            String language = tag.contains("-") ? tag.substring(0, tag.indexOf('-')) : tag;
            double q = quality(pieces);
            if (SUPPORTED.contains(language) && q > bestQ && q > 0) {
                best = language;
                bestQ = q;
            }
        }
        return best;
    }

    private static double quality(String[] pieces) {
        for (int i = 1; i < pieces.length; i++) {
            String p = pieces[i].trim();
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
