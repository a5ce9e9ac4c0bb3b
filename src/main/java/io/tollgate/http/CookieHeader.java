package io.tollgate.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/**
 * Reads one cookie's value straight from the request's Cookie headers (RFC 6265 §5.4: pairs
 * separated by ";"), without building the server's cookie jar for every request: on the
 * proxy path only the gateway's session cookie is wanted, and a jar, once built, is walked
 * again when the answer is written.
 */
public final class CookieHeader {

    private CookieHeader() {
    }

    /**
     * @return the value of the first pair with exactly this name, in any Cookie header (HTTP/2
     *         clients may send several); null when there is none
     */
    public static String valueOf(MultiMap headers, String name) {
        for (String header : headers.getAll(HttpHeaders.COOKIE)) {
            String value = valueIn(header, name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    static String valueIn(String header, String name) {
        int at = 0;
        int length = header.length();
        while (at < length) {
            int end = header.indexOf(';', at);
            if (end < 0) {
                end = length;
            }
            int start = at;
            while (start < end && (header.charAt(start) == ' ' || header.charAt(start) == '\t')) {
                start++;
            }
            int equals = start + name.length();
            if (equals < end && header.charAt(equals) == '=' && header.startsWith(name, start)) {
                int stop = end;
                while (stop > equals + 1 && (header.charAt(stop - 1) == ' ' || header.charAt(stop - 1) == '\t')) {
                    stop--;
                }
                return header.substring(equals + 1, stop);
            }
            at = end + 1;
        }
        return null;
    }
}
