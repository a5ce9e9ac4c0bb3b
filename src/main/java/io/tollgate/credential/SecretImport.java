package io.tollgate.credential;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.tollgate.totp.Base32;
import io.tollgate.totp.HashAlgorithm;
import io.tollgate.totp.KeyUri;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads TOTP secrets exported by the system an organisation leaves, for import: otpauth key
 * URIs (one per line), LemonLDAP::NG's device list and Authelia's CSV export. Every item is
 * checked on its own (user name, base32 secret of at least {@value #MINIMUM_SECRET_BYTES}
 * bytes, algorithm, digits 6–10, period 15–300 s, device type) and either kept or reported
 * with its number and the reason; a problem of the whole text (not JSON, no CSV header, too
 * many items) is an {@link IllegalArgumentException}. Reasons never quote a secret. Whether
 * the users exist, and whether a secret is there already, is for the importer to tell.
 */
public final class SecretImport {

    /** Google Authenticator's original 80-bit secrets are still in use; RFC 4226 asks 128 for new ones. */
    public static final int MINIMUM_SECRET_BYTES = 10;
    public static final int MAXIMUM_SECRET_BYTES = 128;
    public static final int MAXIMUM_ITEMS = 10_000;
    /** The credential name's column. */
    static final int MAXIMUM_NAME = 100;
    static final String DEFAULT_NAME = "Imported";
    /** The user name's column. */
    static final int MAXIMUM_USERNAME = 128;

    public enum Format {
        /** One {@code otpauth://totp/} URI per line; the account of the label is the user name. */
        OTPAUTH,
        /** {@code [{"name":…,"type":"TOTP","_secret":…,"epoch":…}]} for one user, or such lists by user name. */
        LEMONLDAP,
        /** {@code issuer,username,algorithm,digits,period,secret} with that header line. */
        AUTHELIA;

        public static Optional<Format> parse(String value) {
            for (Format format : values()) {
                if (format.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                    return Optional.of(format);
                }
            }
            return Optional.empty();
        }
    }

    /** A secret that passed every check; {@code item} is its line (URIs, CSV) or place in the list (JSON). */
    public record Item(int item, String username, String name, String secret, HashAlgorithm algorithm, int digits,
            int period) {

        @Override
        public String toString() {
            return "Item[" + item + ", " + username + ", " + name + ", secret hidden]";
        }
    }

    /** An item left out, and why. */
    public record Problem(int item, String username, String reason) {
    }

    public record Batch(List<Item> items, List<Problem> problems) {
    }

    private SecretImport() {
    }

    /**
     * @param user the user a LemonLDAP::NG list belongs to when the text is one bare list; else null
     * @throws IllegalArgumentException when the text as a whole cannot be read in this format
     */
    public static Batch read(Format format, String text, String user) {
        Collector collector = new Collector();
        switch (format) {
            case OTPAUTH -> readUris(text, collector);
            case LEMONLDAP -> readLemonLdap(text, user, collector);
            case AUTHELIA -> readAuthelia(text, collector);
        }
        return new Batch(List.copyOf(collector.items), List.copyOf(collector.problems));
    }

    private static void readUris(String text, Collector collector) {
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            collector.count();
            KeyUri uri;
            try {
                uri = KeyUri.parse(line);
            } catch (IllegalArgumentException e) {
                collector.problem(i + 1, null, e.getMessage());
                continue;
            }
            collector.offer(i + 1, uri.account(), uri.issuer(), uri.secret(), uri.algorithm().name(),
                    Integer.toString(uri.digits()), Integer.toString(uri.period()));
        }
    }

    private static void readLemonLdap(String text, String user, Collector collector) {
        Object parsed;
        try {
            String trimmed = text.strip();
            parsed = trimmed.startsWith("[") ? new JsonArray(trimmed) : new JsonObject(trimmed);
        } catch (DecodeException e) {
            // The parser's message quotes the text near the error, which may be a secret.
            throw new IllegalArgumentException("not a JSON device list (a JSON array, or an object of arrays by user name)");
        }
        int[] next = {1};
        if (parsed instanceof JsonArray devices) {
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException("a bare LemonLDAP::NG device list needs the user it belongs to");
            }
            readDevices(user.strip(), devices, next, collector);
            return;
        }
        for (Map.Entry<String, Object> entry : (JsonObject) parsed) {
            if (!(entry.getValue() instanceof JsonArray devices)) {
                collector.count();
                collector.problem(next[0]++, entry.getKey(), "the value for this user is not a device list");
                continue;
            }
            readDevices(entry.getKey(), devices, next, collector);
        }
    }

    private static void readDevices(String user, JsonArray devices, int[] next, Collector collector) {
        for (Object value : devices) {
            int item = next[0]++;
            collector.count();
            if (!(value instanceof JsonObject device)) {
                collector.problem(item, user, "not a device object");
                continue;
            }
            Object type = device.getValue("type");
            if (!(type instanceof String typeName) || !typeName.equalsIgnoreCase("TOTP")) {
                collector.problem(item, user, "device type " + (type == null ? "missing" : "'" + type + "'")
                        + ", only TOTP devices are imported");
                continue;
            }
            Object secret = device.getValue("_secret");
            if (!(secret instanceof String secretText) || secretText.isBlank()) {
                collector.problem(item, user, "no _secret");
                continue;
            }
            if (secretText.startsWith("{")) {
                collector.problem(item, user, "the secret is encrypted by LemonLDAP::NG; export it decrypted");
                continue;
            }
            Object name = device.getValue("name");
            // LemonLDAP::NG's own TOTP settings are global; its defaults are these.
            collector.offer(item, user, name instanceof String n ? n : null, secretText, "SHA1", "6", "30");
        }
    }

    private static void readAuthelia(String text, Collector collector) {
        String[] lines = text.split("\r?\n", -1);
        int headerLine = 0;
        while (headerLine < lines.length && lines[headerLine].isBlank()) {
            headerLine++;
        }
        if (headerLine == lines.length) {
            throw new IllegalArgumentException("the CSV is empty");
        }
        List<String> header = Csv.fields(lines[headerLine].strip());
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; header != null && i < header.size(); i++) {
            columns.put(header.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        for (String needed : List.of("issuer", "username", "algorithm", "digits", "period", "secret")) {
            if (!columns.containsKey(needed)) {
                throw new IllegalArgumentException("the CSV header needs the columns issuer, username, algorithm, "
                        + "digits, period and secret; '" + needed + "' is missing");
            }
        }
        for (int i = headerLine + 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            collector.count();
            List<String> fields = Csv.fields(lines[i]);
            if (fields == null) {
                collector.problem(i + 1, null, "an unclosed quote");
                continue;
            }
            if (fields.size() != header.size()) {
                collector.problem(i + 1, null, fields.size() + " fields where the header has " + header.size());
                continue;
            }
            collector.offer(i + 1, fields.get(columns.get("username")), fields.get(columns.get("issuer")),
                    fields.get(columns.get("secret")), fields.get(columns.get("algorithm")),
                    fields.get(columns.get("digits")), fields.get(columns.get("period")));
        }
    }

    /** Checks each offered item and keeps it or its problem; the same secret twice for a user is reported once kept. */
    private static final class Collector {
        final List<Item> items = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        final Map<String, Integer> seen = new HashMap<>();
        int counted;

        void count() {
            if (++counted > MAXIMUM_ITEMS) {
                throw new IllegalArgumentException("more than " + MAXIMUM_ITEMS + " items: split the import");
            }
        }

        void problem(int item, String username, String reason) {
            problems.add(new Problem(item, username, reason));
        }

        void offer(int item, String rawUser, String rawName, String rawSecret, String rawAlgorithm, String rawDigits,
                String rawPeriod) {
            String username = rawUser == null ? "" : rawUser.strip();
            if (username.isEmpty()) {
                problem(item, null, "no user name");
                return;
            }
            if (username.length() > MAXIMUM_USERNAME || username.chars().anyMatch(Character::isISOControl)) {
                problem(item, null, "not a user name (over " + MAXIMUM_USERNAME + " characters, or control characters)");
                return;
            }
            String secret = rawSecret == null ? "" : rawSecret.strip().toUpperCase(Locale.ROOT);
            byte[] bytes;
            try {
                bytes = Base32.decode(secret);
            } catch (IllegalArgumentException e) {
                problem(item, username, "the secret is not base32: " + e.getMessage());
                return;
            }
            if (bytes.length < MINIMUM_SECRET_BYTES || bytes.length > MAXIMUM_SECRET_BYTES) {
                problem(item, username, "the secret has " + bytes.length * 8 + " bits; " + MINIMUM_SECRET_BYTES * 8
                        + " to " + MAXIMUM_SECRET_BYTES * 8 + " are imported");
                return;
            }
            Optional<HashAlgorithm> algorithm = HashAlgorithm.parse(rawAlgorithm == null ? "" : rawAlgorithm);
            if (algorithm.isEmpty()) {
                problem(item, username, "unknown algorithm '" + rawAlgorithm + "' (SHA1, SHA256 or SHA512)");
                return;
            }
            Integer digits = number(rawDigits, 6, 10);
            if (digits == null) {
                problem(item, username, "digits must be 6 to 10, got '" + rawDigits + "'");
                return;
            }
            Integer period = number(rawPeriod, 15, 300);
            if (period == null) {
                problem(item, username, "the period must be 15 to 300 seconds, got '" + rawPeriod + "'");
                return;
            }
            String canonical = Base32.encode(bytes);
            // User names are unique without regard to case.
            Integer earlier = seen.putIfAbsent(username.toLowerCase(Locale.ROOT) + '\n' + canonical, item);
            if (earlier != null) {
                problem(item, username, "the same secret as item " + earlier);
                return;
            }
            items.add(new Item(item, username, name(rawName), canonical, algorithm.get(), digits, period));
        }

        private static Integer number(String raw, int min, int max) {
            try {
                int n = Integer.parseInt(raw == null ? "" : raw.strip());
                return n < min || n > max ? null : n;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private static String name(String raw) {
            String name = raw == null ? "" : raw.codePoints().filter(c -> !Character.isISOControl(c))
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
            if (name.isEmpty()) {
                return DEFAULT_NAME;
            }
            return name.length() > MAXIMUM_NAME ? name.substring(0, MAXIMUM_NAME) : name;
        }
    }
}
