package io.tollgate.account;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one spelling of a username that counters, locks and lookups go by: trimmed,
 * compatibility-normalised (NFKC: full-width letters, composed and decomposed accents alike)
 * and lower-cased. Every way of typing a name that signs in as a user counts against that
 * user's one counter; a spelling that the database would match but this key would not (its
 * {@code lower()} folds some letters otherwise) is no user at all.
 */
public final class UsernameKey {

    private UsernameKey() {
    }

    public static String of(String username) {
        String compatible = Normalizer.normalize(username.trim(), Normalizer.Form.NFKC);
        return Normalizer.normalize(compatible.toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
    }

    /** Whether a stored user is the one this typed name means. */
    public static boolean names(User user, String key) {
        return user != null && of(user.username).equals(key);
    }
}
