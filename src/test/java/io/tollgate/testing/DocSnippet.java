package io.tollgate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A configuration block of the documentation, read by the test that proves it works: the
 * fenced block that follows the comment {@code <!-- tested: <TestName> ... -->}. What users
 * copy is what the tests run.
 */
public final class DocSnippet {

    private DocSnippet() {
    }

    /** @param document relative to the project's root, e.g. {@code docs/deployment.md} */
    public static String read(String document, Class<?> test) {
        String text;
        try {
            text = Files.readString(Path.of(document), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + document + ": " + e.getMessage(), e);
        }
        String marker = "<!-- tested: " + test.getSimpleName() + " ";
        int at = text.indexOf(marker);
        if (at < 0) {
            throw new AssertionError(document + " has no block marked '" + marker.trim() + "'");
        }
        int open = text.indexOf("```", at);
        int start = text.indexOf('\n', open) + 1;
        int close = text.indexOf("\n```", start);
        if (open < 0 || close < 0) {
            throw new AssertionError(document + ": no fenced block after '" + marker.trim() + "'");
        }
        return text.substring(start, close + 1);
    }

    /** The snippet with each placeholder replaced; fails if one is missing, so a renamed placeholder cannot go unnoticed. */
    public static String fill(String snippet, String... placeholdersAndValues) {
        String filled = snippet;
        for (int i = 0; i < placeholdersAndValues.length; i += 2) {
            if (!filled.contains(placeholdersAndValues[i])) {
                throw new AssertionError("the documented snippet no longer contains " + placeholdersAndValues[i]);
            }
            filled = filled.replace(placeholdersAndValues[i], placeholdersAndValues[i + 1]);
        }
        return filled;
    }
}
