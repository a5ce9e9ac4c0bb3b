package io.tollgate.totp;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code otpauth://totp/} key URI that authenticator apps read (Google Authenticator's
 * key-URI format): label {@code Issuer:account}, then secret, issuer, algorithm, digits and
 * period. Written with RFC 3986 percent-encoding (a space is {@code %20}, never {@code +});
 * parsed strictly, with a message saying what is wrong.
 */
public record KeyUri(String issuer, String account, String secret, HashAlgorithm algorithm, int digits, int period) {

    public KeyUri {
        if (account == null || account.isBlank()) {
            throw new IllegalArgumentException("the account name is empty");
        }
        if (issuer != null && issuer.contains(":")) {
            throw new IllegalArgumentException("the issuer must not contain ':'");
        }
        Base32.decode(secret);
    }

    public String toUri() {
        StringBuilder uri = new StringBuilder("otpauth://totp/");
        if (issuer != null && !issuer.isEmpty()) {
            uri.append(encode(issuer)).append(':');
        } else if (account.indexOf(':') >= 0) {
            // An empty issuer first, so that the account's own colon is not read as the separator.
            uri.append(':');
        }
        uri.append(encode(account)).append("?secret=").append(secret);
        if (issuer != null && !issuer.isEmpty()) {
            uri.append("&issuer=").append(encode(issuer));
        }
        uri.append("&algorithm=").append(algorithm.uriName)
                .append("&digits=").append(digits)
                .append("&period=").append(period);
        return uri.toString();
    }

    /** @throws IllegalArgumentException with a message fit to show to an administrator */
    public static KeyUri parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty key URI");
        }
        URI uri;
        try {
            // Some exporters leave spaces unencoded.
            uri = new URI(text.trim().replace(" ", "%20"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + e.getReason());
        }
        if (!"otpauth".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("the scheme must be otpauth://");
        }
        if (!"totp".equalsIgnoreCase(uri.getRawAuthority())) {
            throw new IllegalArgumentException("only otpauth://totp/ keys are supported, not '" + uri.getRawAuthority() + "'");
        }
        String rawLabel = uri.getRawPath() == null || uri.getRawPath().length() < 2 ? "" : uri.getRawPath().substring(1);
        if (rawLabel.isEmpty()) {
            throw new IllegalArgumentException("the label (account name) is missing");
        }
        String labelIssuer = null;
        String account;
        int colon = rawLabel.indexOf(':');
        // Looked for as it is written: upper-casing first can change the text's length (ß becomes SS),
        // and the index would then cut elsewhere (found by KeyUriFuzzTest).
        int encodedColon = firstOf(rawLabel.indexOf("%3A"), rawLabel.indexOf("%3a"));
        int split = colon >= 0 ? colon : encodedColon;
        if (split >= 0) {
            labelIssuer = decode(rawLabel.substring(0, split)).trim();
            account = decode(rawLabel.substring(split + (colon >= 0 ? 1 : 3))).trim();
        } else {
            account = decode(rawLabel).trim();
        }
        Map<String, String> params = query(uri.getRawQuery());
        String secret = params.get("secret");
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the secret parameter is missing");
        }
        byte[] key;
        try {
            key = Base32.decode(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the secret is not valid base32: " + e.getMessage());
        }
        if (key.length == 0) {
            // Padding alone decodes to nothing: a key without a secret (found by KeyUriFuzzTest).
            throw new IllegalArgumentException("the secret is empty");
        }
        // Trimmed like the label's, or the URI written back would not read the same (found by KeyUriFuzzTest).
        String issuerParameter = params.containsKey("issuer") ? params.get("issuer").trim() : null;
        String issuer = issuerParameter != null ? issuerParameter : labelIssuer;
        if (labelIssuer != null && issuerParameter != null && !labelIssuer.equals(issuerParameter)) {
            throw new IllegalArgumentException("the label's issuer '" + labelIssuer + "' differs from the issuer parameter '"
                    + issuerParameter + "'");
        }
        HashAlgorithm algorithm = params.containsKey("algorithm")
                ? HashAlgorithm.parse(params.get("algorithm")).orElseThrow(() -> new IllegalArgumentException(
                        "unknown algorithm '" + params.get("algorithm") + "' (SHA1, SHA256 or SHA512)"))
                : HashAlgorithm.SHA1;
        int digits = number(params, "digits", 6, 6, 10);
        int period = number(params, "period", 30, 15, 300);
        // The canonical spelling of the key (spaces, tabs, case and padding some exporters add are
        // gone), so that the URI written back reads the same (a tab kept raw was found by KeyUriFuzzTest).
        return new KeyUri(issuer, account, Base32.encode(key).replace("=", ""), algorithm, digits, period);
    }

    /** The smaller of two indexes that are not -1; -1 when both are. */
    private static int firstOf(int a, int b) {
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    private static int number(Map<String, String> params, String name, int byDefault, int min, int max) {
        String value = params.get(name);
        if (value == null) {
            return byDefault;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: '" + value + "'");
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.put(name, value) != null) {
                throw new IllegalArgumentException("the parameter '" + name + "' appears twice");
            }
        }
        return params;
    }

    /** RFC 3986: everything but unreserved characters is percent-encoded as UTF-8. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Percent-decoding as UTF-8; '+' is kept as it is (it means a space only in forms). */
    static String decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("malformed percent-escape at position " + (i + 1));
                }
                out.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else {
                int codePoint = text.codePointAt(i);
                byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
