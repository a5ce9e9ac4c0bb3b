package io.tollgate.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A fixed set of header names, asked about every header of every proxied message: names are
 * compared without case and without allocating, and only against names of the same length
 * whose first letter matches; optionally with '_' read as '-' (as CGI-style servers read it).
 */
final class HeaderNameSet {

    /** Lower-case names, by length. */
    private final String[][] byLength;
    private final boolean underscoreIsDash;

    HeaderNameSet(List<String> names) {
        this(names, false);
    }

    HeaderNameSet(List<String> names, boolean underscoreIsDash) {
        this.underscoreIsDash = underscoreIsDash;
        int longest = names.stream().mapToInt(String::length).max().orElse(0);
        List<List<String>> buckets = new ArrayList<>();
        for (int i = 0; i <= longest; i++) {
            buckets.add(new ArrayList<>());
        }
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            buckets.get(name.length()).add(underscoreIsDash ? lower.replace('_', '-') : lower);
        }
        byLength = new String[longest + 1][];
        for (int i = 0; i <= longest; i++) {
            byLength[i] = buckets.get(i).toArray(String[]::new);
        }
    }

    boolean contains(String name) {
        int length = name.length();
        if (length >= byLength.length) {
            return false;
        }
        char first = length == 0 ? 0 : fold(name.charAt(0));
        for (String candidate : byLength[length]) {
            if (length == 0 || (candidate.charAt(0) == first && sameRest(candidate, name))) {
                return true;
            }
        }
        return false;
    }

    private boolean sameRest(String candidate, String name) {
        if (!underscoreIsDash) {
            return candidate.regionMatches(true, 1, name, 1, name.length() - 1);
        }
        for (int i = 1; i < name.length(); i++) {
            if (candidate.charAt(i) != fold(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private char fold(char c) {
        return underscoreIsDash && c == '_' ? '-' : lower(c);
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
