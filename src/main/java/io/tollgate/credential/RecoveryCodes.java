package io.tollgate.credential;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.account.PasswordHasher;
import io.tollgate.store.Database;
import io.tollgate.store.Sql;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Recovery codes: ten one-time codes like {@code 7kq2-m9xd} (40 random bits each), shown until written down,
 * stored as Argon2id hashes sharing one salt per set so a check costs one hash.
 */
@ApplicationScoped
public class RecoveryCodes {

    public static final int SET_SIZE = 10;
    /** Below this many unused codes the user is told to make new ones. */
    public static final int LOW = 2;
    /** Digits and lower-case letters without i, l, o and u, which are easy to misread. */
    private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

    private final RecoveryCodeRepository codes;
    private final PasswordHasher hasher;
    private final SecureRandom random = new SecureRandom();

    private final Sql sql;
    private final UnsavedRecoveryCodes unsaved;

    public RecoveryCodes(RecoveryCodeRepository codes, PasswordHasher hasher, Sql sql, UnsavedRecoveryCodes unsaved) {
        this.codes = codes;
        this.unsaved = unsaved;
        this.sql = sql;
        this.hasher = hasher;
    }

    /**
     * A new set for the user; the previous set stops working. Returns the codes in clear, and
     * keeps them encrypted until the user has written them down ({@link UnsavedRecoveryCodes}).
     */
    public Uni<List<String>> issue(Long userId) {
        List<String> plain = new ArrayList<>();
        for (int i = 0; i < SET_SIZE; i++) {
            plain.add(newCode());
        }
        // Kept for showing before the old set is replaced: if Redis cannot keep them, the old set still works.
        return unsaved.keep(userId, plain).flatMap(kept -> hasher.hashSet(plain))
                .flatMap(hashes -> Database.transaction(() -> OwnChange.mark()
                .flatMap(v -> codes.deleteAllOf(userId))
                .flatMap(deleted -> {
                    List<RecoveryCode> rows = hashes.stream().map(hash -> {
                        RecoveryCode row = new RecoveryCode();
                        row.userId = userId;
                        row.codeHash = hash;
                        return row;
                    }).toList();
                    return codes.persist(rows);
                }))).onFailure().call(failure -> unsaved.forget(userId).onFailure().recoverWithNull())
                .replaceWith(plain);
    }

    /** No recovery code of the user works any more. */
    public Uni<Long> revokeAll(Long userId) {
        // Done once committed: a set left waiting is revoked anyway, and goes within minutes.
        return Database.transaction(() -> OwnChange.mark().flatMap(v -> codes.deleteAllOf(userId)))
                .call(v -> unsaved.forget(userId).onFailure().recoverWithNull());
    }

    /** The set last issued, while its user has not said it is written down. */
    public Uni<Optional<List<String>>> unsaved(Long userId) {
        return unsaved.read(userId);
    }

    /** The user has written the set down, or it was revoked: it is no longer kept. */
    public Uni<Void> forgetUnsaved(Long userId) {
        return unsaved.forget(userId);
    }

    public Uni<Long> remaining(Long userId) {
        // Read after every code step: one statement, no ORM session.
        return sql.query("SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL", Tuple.of(userId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Uses a code: the number of unused codes left when it matched an unused one, empty when it
     * did not (a failed attempt). The caller has checked the form with {@link #normalize}.
     */
    public Uni<Optional<Long>> use(Long userId, String normalizedCode) {
        return Database.session(() -> codes.unusedOf(userId))
                .flatMap(unused -> hasher.indexOfMatch(normalizedCode.toCharArray(),
                        unused.stream().map(c -> c.codeHash).toList())
                        .flatMap(index -> index < 0 ? Uni.createFrom().item(Optional.<Long>empty())
                                : Database.transaction(() -> codes.markUsed(unused.get(index).id)
                                        .flatMap(marked -> marked
                                                ? codes.countUnused(userId).map(Optional::of)
                                                : Uni.createFrom().item(Optional.<Long>empty())))));
    }

    /**
     * The code in its stored form ({@code xxxx-xxxx}, lower case), accepting spaces, a missing
     * dash and capitals; empty when it cannot be a recovery code at all (not counted as an attempt).
     */
    public static Optional<String> normalize(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String compact = typed.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
        if (compact.length() != 8) {
            return Optional.empty();
        }
        for (int i = 0; i < compact.length(); i++) {
            if (ALPHABET.indexOf(compact.charAt(i)) < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(compact.substring(0, 4) + "-" + compact.substring(4));
    }

    private String newCode() {
        StringBuilder code = new StringBuilder(9);
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
