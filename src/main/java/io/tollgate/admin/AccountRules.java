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

    public static void username(Map<String, Refusal> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.put(field, Refusal.of(Refusal.Reason.REQUIRED));
        } else if (!USERNAME.matcher(value).matches()
                || !io.tollgate.account.UsernameKey.of(value).equals(value.toLowerCase(java.util.Locale.ROOT))) {
            // Full-width letters, ligatures, superscripts: the name signing in is its NFKC form, which the
            // database's lower() would not find.
            errors.put(field, Refusal.of(Refusal.Reason.USERNAME));
        }
    }

    public static void groupName(Map<String, Refusal> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.put(field, Refusal.of(Refusal.Reason.REQUIRED));
        } else if (!GROUP.matcher(value).matches() || !value.equals(value.trim())) {
            errors.put(field, Refusal.of(Refusal.Reason.GROUP_NAME));
        }
    }

    public static void displayName(Map<String, Refusal> errors, String field, String value) {
        if (value != null && (value.length() > 256 || value.chars().anyMatch(Character::isISOControl))) {
            errors.put(field, Refusal.of(Refusal.Reason.DISPLAY_NAME));
        }
    }

    public static void email(Map<String, Refusal> errors, String field, String value) {
        if (value != null && !value.isEmpty() && (value.length() > 320 || !EMAIL.matcher(value).matches())) {
            errors.put(field, Refusal.of(Refusal.Reason.EMAIL));
        }
    }

    /** The message never repeats the password. */
    public static void password(Map<String, Refusal> errors, String field, String value) {
        if (value == null || value.length() < MIN_PASSWORD) {
            errors.put(field, Refusal.of(Refusal.Reason.AT_LEAST_CHARACTERS, MIN_PASSWORD));
        } else if (value.length() > MAX_PASSWORD) {
            errors.put(field, Refusal.of(Refusal.Reason.AT_MOST_CHARACTERS, MAX_PASSWORD));
        } else if (value.chars().anyMatch(c -> c == 0)) {
            errors.put(field, Refusal.of(Refusal.Reason.NO_NUL));
        }
    }

    /** Throws the errors gathered, if any. */
    public static void check(Map<String, Refusal> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
    }

    public static Map<String, Refusal> errors() {
        return new LinkedHashMap<>();
    }
}
