package io.tollgate.policy;

import java.util.regex.Pattern;

/**
 * The literal text every path matching a rule's expression starts with, read from the start of
 * the expression (after a leading {@code ^}): {@code /admin/} for {@code /admin/.*} and
 * {@code ^/admin/.*}. With many rules, most requests are
 * told apart by it without running the expression. It only ever rules out paths the
 * expression could not match: it stops before the first character with a meaning in a regular
 * expression, leaves out a character that a quantifier may make optional, keeps to printable
 * ASCII (where the case-insensitive comparison of {@link String#regionMatches} and the
 * expression's own agree), and is empty for an expression with an alternation anywhere or
 * compiled with flags.
 */
final class RequiredPrefix {

    private static final String META = "\\^$.|?*+()[]{}";

    private final String prefix;

    private RequiredPrefix(String prefix) {
        this.prefix = prefix;
    }

    static RequiredPrefix of(Pattern expression) {
        String regex = expression.pattern();
        // Flags change how the text reads (COMMENTS skips spaces, LITERAL has no meta characters).
        if (expression.flags() != 0 || regex.indexOf('|') >= 0) {
            return new RequiredPrefix("");
        }
        // The whole path must match, so a leading ^ says nothing more (and is how the docs write them).
        int start = regex.startsWith("^") ? 1 : 0;
        int end = start;
        while (end < regex.length() && isPlainLiteral(regex.charAt(end))) {
            end++;
        }
        // "ab?", "ab*", "ab{0,2}": the b may be absent. ("ab+" needs it, but one character is not worth the rule.)
        if (end < regex.length() && "?*+{".indexOf(regex.charAt(end)) >= 0 && end > start) {
            end--;
        }
        return new RequiredPrefix(regex.substring(start, end));
    }

    private static boolean isPlainLiteral(char c) {
        return c > 0x20 && c < 0x7F && META.indexOf(c) < 0;
    }

    /** False only when no path like this one can match the expression. */
    boolean admits(String path, boolean ignoreCase) {
        return path.regionMatches(ignoreCase, 0, prefix, 0, prefix.length());
    }

    @Override
    public String toString() {
        return prefix;
    }
}
