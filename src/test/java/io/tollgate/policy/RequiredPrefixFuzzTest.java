package io.tollgate.policy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Expressions of every shape and any path: whenever the expression matches the path, with or without
 * case, the required prefix admits it. A prefix that ruled out a matching path would let a
 * request past the rule meant for it.
 */
class RequiredPrefixFuzzTest {

    /** Characters of paths and of expressions' literals, with some that change under case folding. */
    private static final String ALPHABET = "/aAbBkKsS.-_~%\u017F\u212A\u0130i\u00E9";

    @FuzzTest(maxDuration = "15s")
    void aPathTheExpressionMatchesIsNeverRuledOut(FuzzedDataProvider data) {
        // Built from parts that always make a valid expression: what matters is how it starts.
        String regex = expression(data, 0);
        Pattern expression = Pattern.compile(regex);
        StringBuilder path = new StringBuilder();
        for (int n = data.consumeInt(0, 24); n > 0; n--) {
            path.append(data.consumeBoolean() ? ALPHABET.charAt(data.consumeInt(0, ALPHABET.length() - 1)) : data.consumeChar());
        }
        RequiredPrefix prefix = RequiredPrefix.of(expression);
        try {
            if (expression.matcher(new Bounded(path.toString())).matches()) {
                assertTrue(prefix.admits(path.toString(), false), regex + " matches " + path);
            }
            Pattern withoutCase = Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            if (withoutCase.matcher(new Bounded(path.toString())).matches()) {
                assertTrue(prefix.admits(path.toString(), true), regex + " matches " + path + " without case");
            }
        } catch (Bounded.TooLong e) {
            // An expression that backtracks without end (such as (a*)*b) says nothing either way.
        }
    }

    /** A sequence of atoms, each perhaps quantified, perhaps one of two alternatives. */
    private static String expression(FuzzedDataProvider data, int depth) {
        StringBuilder regex = new StringBuilder();
        for (int n = data.consumeInt(0, 6); n > 0; n--) {
            String atom = atom(data, depth);
            regex.append(atom);
            // Anchors and flags take no quantifier.
            if (atom.equals("^") || atom.equals("(?i)")) {
                continue;
            }
            regex.append(switch (data.consumeInt(0, 9)) {
                case 0 -> "?";
                case 1 -> "*";
                case 2 -> "+";
                case 3 -> "{0,2}";
                case 4 -> "{1}";
                default -> "";
            });
        }
        if (depth < 2 && data.consumeInt(0, 7) == 0) {
            regex.append('|').append(expression(data, depth + 1));
        }
        return regex.toString();
    }

    private static String atom(FuzzedDataProvider data, int depth) {
        return switch (data.consumeInt(0, 11)) {
            case 0 -> ".";
            case 1 -> "[a-k]";
            case 2 -> "\\.";
            case 3 -> "\\Q" + ALPHABET.charAt(data.consumeInt(0, ALPHABET.length() - 1)) + "\\E";
            case 4 -> depth < 2 ? "(" + expression(data, depth + 1) + ")" : "a";
            case 5 -> "(?i)";
            case 6 -> "^";
            default -> {
                char c = ALPHABET.charAt(data.consumeInt(0, ALPHABET.length() - 1));
                yield c == '.' ? "\\." : String.valueOf(c);
            }
        };
    }

    /** The path, read at most a million characters' worth by one match. */
    private static final class Bounded implements CharSequence {
        static final class TooLong extends RuntimeException {
            TooLong() {
                super(null, null, false, false);
            }
        }

        private final String text;
        private int reads;

        Bounded(String text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            if (++reads > 1_000_000) {
                throw new TooLong();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
