package io.tollgate.admin.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import io.tollgate.admin.Refusal;

/**
 * Query parameters and path ids read strictly: a value that is not what the parameter takes is
 * a field error, never ignored nor guessed at.
 */
final class ApiParams {

    static final int DEFAULT_LIMIT = 50;

    private ApiParams() {
    }

    static Optional<Boolean> bool(Map<String, Refusal> errors, String field, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (value.equals("true") || value.equals("false")) {
            return Optional.of(Boolean.parseBoolean(value));
        }
        errors.put(field, Refusal.of(Refusal.Reason.TRUE_OR_FALSE));
        return Optional.empty();
    }

    static int limit(Map<String, Refusal> errors, String value, int max) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.put("limit", Refusal.of(Refusal.Reason.NUMBER_RANGE, 1, max));
        return DEFAULT_LIMIT;
    }

    static Optional<Instant> instant(Map<String, Refusal> errors, String field, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            errors.put(field, Refusal.of(Refusal.Reason.INSTANT));
            return Optional.empty();
        }
    }

    static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** A numeric id from the path; anything else names nothing (404). */
    static long id(String value, String what) {
        if (value != null && value.length() <= 18 && value.chars().allMatch(c -> c >= '0' && c <= '9') && !value.isEmpty()) {
            return Long.parseLong(value);
        }
        throw new io.tollgate.admin.NotFound("no such " + what);
    }
}
