package io.tollgate.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A fixed set of header names, asked about every header of every proxied message: names are
 * compared without case and without allocating, and only against names of the same length
 * whose first letter matches.
 */
final class HeaderNameSet {

    /** Lower-case names, by length. */
    private final String[][] byLength;

    HeaderNameSet(List<String> names) {
        int longest = names.stream().mapToInt(String::length).max().orElse(0);
        List<List<String>> buckets = new ArrayList<>();
        for (int i = 0; i <= longest; i++) {
            buckets.add(new ArrayList<>());
        }
        for (String name : names) {
            buckets.get(name.length()).add(name.toLowerCase(Locale.ROOT));
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
        char first = length == 0 ? 0 : lower(name.charAt(0));
        for (String candidate : byLength[length]) {
            if (length == 0
                    || (candidate.charAt(0) == first && candidate.regionMatches(true, 1, name, 1, length - 1))) {
                return true;
            }
        }
        return false;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
