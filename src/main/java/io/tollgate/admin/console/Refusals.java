package io.tollgate.admin.console;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.tollgate.admin.InvalidInput;
import io.tollgate.admin.Refusal;

/**
 * Says why an operation refused, in the console's language: every reason has its own words in
 * the adm bundle (the switch has no default, so a new reason cannot go untranslated).
 */
final class Refusals {

    private Refusals() {
    }

    static String say(ConsoleMessages m, Refusal refusal) {
        return switch (refusal.reason()) {
            case REQUIRED -> m.whyRequired();
            case USERNAME -> m.whyUsername();
            case GROUP_NAME -> m.whyGroupName();
            case EACH_GROUP_NAME -> m.whyEachGroupName();
            case GROUP_NAMES -> m.whyGroupNames();
            case GROUPS_REQUIRED -> m.whyGroupsRequired();
            case NO_SUCH_GROUP -> m.whyNoSuchGroup(refusal.value(0));
            case DISPLAY_NAME -> m.whyDisplayName();
            case EMAIL -> m.whyEmail();
            case AT_LEAST_CHARACTERS -> m.whyAtLeastCharacters(refusal.value(0));
            case AT_MOST_CHARACTERS -> m.whyAtMostCharacters(refusal.value(0));
            case NO_NUL -> m.whyNoNul();
            case NO_PASSWORD_FOR_SERVICE -> m.whyNoPasswordForService();
            case WHOLE_NUMBER -> m.whyWholeNumber();
            case NUMBER_RANGE -> m.whyNumberRange(refusal.value(0), refusal.value(1));
            case TRUE_OR_FALSE -> m.whyTrueOrFalse();
            case ONE_OF -> m.whyOneOf(refusal.value(0));
            case INSTANT -> m.whyInstant();
            case DATE_TIME -> m.whyDateTime();
            case AFTER_FROM -> m.whyAfterFrom();
            case TOO_MANY_EVENTS -> m.whyTooManyEvents(refusal.value(0));
            case CURSOR_UNKNOWN -> m.whyCursorUnknown();
            case CURSOR_OTHER_ORDER -> m.whyCursorOtherOrder();
            case JSON_OBJECT -> m.whyJsonObject(refusal.value(0));
            case EMPTY_BODY -> m.whyEmptyBody();
            case UNREADABLE_EXPORT -> m.whyUnreadableExport(refusal.value(0));
            case SELF_DISABLE -> m.errSelfDisable();
            case USERNAME_TAKEN -> m.whyUsernameTaken();
            case GROUP_TAKEN -> m.whyGroupTaken();
            case GROUP_IN_POLICY -> m.whyGroupInPolicy();
            case REENCRYPTION_RUNNING -> m.whyReencryptionRunning();
        };
    }

    /** Field → why, in words, for errors shown beside their fields. */
    static Map<String, String> byField(ConsoleMessages m, Map<String, Refusal> refusals) {
        Map<String, String> words = new LinkedHashMap<>();
        refusals.forEach((field, refusal) -> words.put(field, say(m, refusal)));
        return words;
    }

    /** Every refused field with its label, in one sentence (a typed password is never repeated). */
    static String inOneLine(ConsoleMessages m, InvalidInput bad) {
        return bad.fieldNames().stream().map(field -> m.fieldError(label(m, field), say(m, bad.refusals().get(field))))
                .collect(Collectors.joining("; "));
    }

    /** The label a form shows for an operation's field. */
    static String label(ConsoleMessages m, String field) {
        return switch (field) {
            case "username" -> m.sortUsername();
            case "displayName", "name" -> m.name();
            case "email" -> m.email();
            case "password" -> m.fieldPassword();
            case "groups" -> m.groups();
            case "search" -> m.search();
            case "state" -> m.state();
            case "group" -> m.group();
            case "locked" -> m.locked();
            case "disabled" -> m.disabled();
            case "sort" -> m.sortBy();
            case "user" -> m.user();
            case "type" -> m.eventType();
            case "from" -> m.since();
            case "to" -> m.until();
            case "cursor" -> m.fieldPage();
            default -> field;
        };
    }
}
