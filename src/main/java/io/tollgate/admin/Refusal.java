package io.tollgate.admin;

import java.util.List;
import java.util.Locale;

/**
 * Why an administration operation refused something, as a reason and its values: the API sends
 * {@link #english()}, the console says the same reason in the reader's language. Values never
 * hold a secret that was typed.
 */
public record Refusal(Reason reason, List<String> values) {

    /** Every reason an operation gives; the English words are the API's. */
    public enum Reason {
        REQUIRED("required"),
        USERNAME("1 to 128 letters, digits or . _ @ + -"),
        GROUP_NAME("1 to 128 letters, digits, spaces or . _ - (no comma), not starting or ending with a space"),
        EACH_GROUP_NAME("each group name: 1 to 128 letters, digits, spaces or . _ - (no comma), not starting or "
                + "ending with a space"),
        GROUP_NAMES("group names, none of them empty"),
        GROUPS_REQUIRED("required (an empty list takes the user out of every group)"),
        NO_SUCH_GROUP("no such group: %s"),
        DISPLAY_NAME("at most 256 characters, none of them a control character"),
        EMAIL("not an e-mail address"),
        AT_LEAST_CHARACTERS("at least %s characters"),
        AT_MOST_CHARACTERS("at most %s characters"),
        NO_NUL("must not contain a NUL character"),
        NO_PASSWORD_FOR_SERVICE("a service account signs in with keys only: it has no password"),
        WHOLE_NUMBER("a whole number"),
        NUMBER_RANGE("a whole number from %s to %s"),
        TRUE_OR_FALSE("true or false"),
        ONE_OF("one of %s"),
        INSTANT("an instant such as 2026-11-30T00:00:00Z"),
        DATE_TIME("a date and time such as 2026-11-30T08:00"),
        AFTER_FROM("must come after from"),
        TOO_MANY_EVENTS("more than %s events: narrow the time range or the filters"),
        CURSOR_UNKNOWN("not a cursor this list gave"),
        CURSOR_OTHER_ORDER("this cursor belongs to another order of the list"),
        JSON_OBJECT("a JSON object with %s"),
        EMPTY_BODY("empty: send the exported text as the request body"),
        UNREADABLE_EXPORT("%s"),
        // Conflicts (409): the operation contradicts what exists.
        SELF_DISABLE("an administrator cannot disable their own account"),
        USERNAME_TAKEN("a user with this username exists"),
        GROUP_TAKEN("a group with this name exists"),
        GROUP_IN_POLICY("the policy names this group (required or exempt): change the policy's groups first"),
        REENCRYPTION_RUNNING("a re-encryption is already running on this replica");

        private final String english;

        Reason(String english) {
            this.english = english;
        }
    }

    public Refusal {
        values = List.copyOf(values);
    }

    public static Refusal of(Reason reason, Object... values) {
        return new Refusal(reason, java.util.Arrays.stream(values).map(String::valueOf).toList());
    }

    /** The reason in English words, with its values. */
    public String english() {
        return String.format(Locale.ROOT, reason.english, values.toArray());
    }

    /** A value by its position, or an empty text when there is none. */
    public String value(int index) {
        return index < values.size() ? values.get(index) : "";
    }
}
