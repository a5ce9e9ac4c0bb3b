package io.tollgate.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a username, group name, display name, e-mail address and password must be. Usernames
 * and names reach upstream applications in identity headers, so nothing there may be a control
 * character or break a header.
 */
public final class AccountRules {

    public static final int MIN_PASSWORD = io.tollgate.account.AdminBootstrap.MIN_PASSWORD_LENGTH;
    public static final int MAX_PASSWORD = 1024;
    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}._@+-]{1,128}");
    private static final Pattern GROUP = Pattern.compile("[\\p{L}\\p{N}._ -]{1,128}");
    private static final Pattern EMAIL = Pattern.compile("[^\\s@<>\",]{1,64}@[^\\s@<>\",]{1,255}");

    private AccountRules() {
    }

    public static void username(Map<String, String> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.put(field, "required");
        } else if (!USERNAME.matcher(value).matches()) {
            errors.put(field, "1 to 128 letters, digits or . _ @ + -");
        }
    }

    public static void groupName(Map<String, String> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.put(field, "required");
        } else if (!GROUP.matcher(value).matches() || !value.equals(value.trim())) {
            errors.put(field, "1 to 128 letters, digits, spaces or . _ - (no comma), not starting or ending with a space");
        }
    }

    public static void displayName(Map<String, String> errors, String field, String value) {
        if (value != null && (value.length() > 256 || value.chars().anyMatch(Character::isISOControl))) {
            errors.put(field, "at most 256 characters, none of them a control character");
        }
    }

    public static void email(Map<String, String> errors, String field, String value) {
        if (value != null && !value.isEmpty() && (value.length() > 320 || !EMAIL.matcher(value).matches())) {
            errors.put(field, "not an e-mail address");
        }
    }

    /** The message never repeats the password. */
    public static void password(Map<String, String> errors, String field, String value) {
        if (value == null || value.length() < MIN_PASSWORD) {
            errors.put(field, "at least " + MIN_PASSWORD + " characters");
        } else if (value.length() > MAX_PASSWORD) {
            errors.put(field, "at most " + MAX_PASSWORD + " characters");
        } else if (value.chars().anyMatch(c -> c == 0)) {
            errors.put(field, "must not contain a NUL character");
        }
    }

    /** Throws the errors gathered, if any. */
    public static void check(Map<String, String> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
    }

    public static Map<String, String> errors() {
        return new LinkedHashMap<>();
    }
}
