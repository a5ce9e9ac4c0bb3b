package io.tollgate.credential;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.crypto.SecretCipher;
import io.tollgate.crypto.SecretDecryptionException;
import io.tollgate.guard.CodeVerifier;
import io.tollgate.store.Database;
import io.tollgate.store.Sql;
import io.tollgate.totp.HashAlgorithm;
import io.tollgate.totp.Secrets;
import io.tollgate.totp.Totp;
import io.tollgate.totp.TotpSettings;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A user's TOTP credentials: enrollment (an unverified credential that becomes verified when
 * the user types a current code from it, or expires after ten minutes), verification of codes
 * against every verified credential, and removal of expired ones.
 */
@ApplicationScoped
public class TotpCredentials {

    /** An unfinished enrollment is forgotten after this long. */
    public static final Duration ENROLLMENT_EXPIRY = Duration.ofMinutes(10);

    private final TotpCredentialRepository credentials;
    private final SecretCipher cipher;
    private final TotpSettings settings;
    private final CodeVerifier verifier;
    private final Sql sql;

    private static final String VERIFIED_OF = "SELECT id, user_id, name, secret, algorithm, digits, period, verified, "
            + "created_at, last_used_at, last_used_step, enrollment_session FROM totp_credentials "
            + "WHERE user_id = $1 AND verified ORDER BY created_at";
    /** An update where a read-modify-write is not needed: the row may even be gone by now. */
    private static final String TOUCH = "UPDATE totp_credentials SET last_used_at = $1, "
            + "last_used_step = GREATEST(COALESCE(last_used_step, $2), $2) WHERE id = $3";

    public TotpCredentials(TotpCredentialRepository credentials, SecretCipher cipher, TotpSettings settings,
            CodeVerifier verifier, Sql sql) {
        this.sql = sql;
        this.credentials = credentials;
        this.cipher = cipher;
        this.settings = settings;
        this.verifier = verifier;
    }

    /** Who is verifying, for the attempt limiter. */
    public record Attempt(String userKey, boolean admin, String clientAddress) {
    }

    /** Read on every code step: one statement, no ORM session; the objects are detached, for reading. */
    public Uni<List<TotpCredential>> verifiedOf(Long userId) {
        return sql.query(VERIFIED_OF, Tuple.of(userId)).map(rows -> {
            List<TotpCredential> verified = new ArrayList<>(rows.size());
            for (Row row : rows) {
                verified.add(fromRow(row));
            }
            return verified;
        });
    }

    private static TotpCredential fromRow(Row row) {
        TotpCredential credential = new TotpCredential();
        credential.id = row.getUUID("id");
        credential.userId = row.getLong("user_id");
        credential.name = row.getString("name");
        credential.secret = row.getString("secret");
        credential.algorithm = row.getString("algorithm");
        credential.digits = row.getShort("digits");
        credential.period = row.getShort("period");
        credential.verified = row.getBoolean("verified");
        credential.createdAt = row.getOffsetDateTime("created_at");
        credential.lastUsedAt = row.getOffsetDateTime("last_used_at");
        credential.lastUsedStep = row.getLong("last_used_step");
        credential.enrollmentSession = row.getString("enrollment_session");
        return credential;
    }

    /** Renames one of the user's verified credentials; false when it is not theirs. */
    public Uni<Boolean> rename(Long userId, UUID id, String name) {
        return Database.transaction(() -> credentials.update("name = ?1 where id = ?2 and userId = ?3 and verified = true",
                name, id, userId)).map(n -> n > 0);
    }

    /** Deletes one of the user's credentials; false when it is not theirs. */
    public Uni<Boolean> delete(Long userId, UUID id) {
        return Database.transaction(() -> OwnChange.mark()
                .flatMap(v -> credentials.delete("id = ?1 and userId = ?2", id, userId))).map(n -> n > 0);
    }

    public Uni<Long> deleteAll(Long userId) {
        return Database.transaction(() -> OwnChange.mark().flatMap(v -> credentials.delete("userId", userId)));
    }

    /** Older than the lifetime ({@link Duration#ZERO}: never). */
    public static boolean expired(TotpCredential credential, Duration lifetime, OffsetDateTime now) {
        return !lifetime.isZero() && credential.createdAt.isBefore(now.minus(lifetime));
    }

    /** Removes the user's verified credentials older than the lifetime; answers how many went. */
    public Uni<Long> removeExpired(Long userId, Duration lifetime) {
        if (lifetime.isZero()) {
            return Uni.createFrom().item(0L);
        }
        OffsetDateTime cutoff = OffsetDateTime.now().minus(lifetime);
        return Database.transaction(() -> OwnChange.mark().flatMap(v -> credentials.delete(
                "userId = ?1 and verified = true and createdAt < ?2", userId, cutoff)));
    }

    /**
     * This session's enrollment in progress, or a new one with a fresh secret when it has none
     * younger than {@link #ENROLLMENT_EXPIRY} (the user's older ones are removed). Another
     * session of the same user gets its own, never this one.
     *
     * @param sessionHandle the handle of the session enrolling, which alone may see and confirm it
     */
    public Uni<TotpCredential> enrollment(Long userId, String sessionHandle) {
        OffsetDateTime cutoff = OffsetDateTime.now().minus(ENROLLMENT_EXPIRY);
        return Database.transaction(() -> credentials.delete("userId = ?1 and verified = false and createdAt < ?2",
                userId, cutoff)
                .flatMap(removed -> credentials.find("userId = ?1 and verified = false and enrollmentSession = ?2 "
                        + "order by createdAt desc", userId, sessionHandle).<TotpCredential>firstResult())
                .flatMap(pending -> pending != null && readable(pending) ? Uni.createFrom().item(pending)
                        : (pending == null ? Uni.createFrom().voidItem() : credentials.delete(pending).replaceWithVoid())
                                .flatMap(v -> create(userId, sessionHandle))));
    }

    /** The enrollment with this id if this session of the user started it and it has not expired. */
    public Uni<Optional<TotpCredential>> pendingEnrollment(Long userId, UUID id, String sessionHandle) {
        OffsetDateTime cutoff = OffsetDateTime.now().minus(ENROLLMENT_EXPIRY);
        return Database.session(() -> credentials.findById(id)).map(c -> Optional.ofNullable(c)
                .filter(found -> found.userId.equals(userId) && !found.verified && found.createdAt.isAfter(cutoff)
                        && sessionHandle.equals(found.enrollmentSession)));
    }

    /**
     * Whether the enrollment the form names was confirmed in the last minutes: a second click of
     * the same form, which found it already done, is then no error.
     */
    public Uni<Boolean> justConfirmed(Long userId, UUID id) {
        OffsetDateTime cutoff = OffsetDateTime.now().minus(ENROLLMENT_EXPIRY);
        return Database.session(() -> credentials.findById(id)).map(found -> found != null
                && found.userId.equals(userId) && found.verified && found.createdAt.isAfter(cutoff));
    }

    /** An unfinished enrollment written under a key no longer in the ring is simply started again. */
    private boolean readable(TotpCredential pending) {
        try {
            Arrays.fill(secretOf(pending), (byte) 0);
            return true;
        } catch (SecretDecryptionException e) {
            return false;
        }
    }

    /** The secret of a credential, for showing during enrollment only. */
    public byte[] secretOf(TotpCredential credential) {
        return cipher.decrypt(credential.secret, credential.associatedData());
    }

    /** Checks a code against every verified credential; an accepted one gets its last-used time. */
    public Uni<CodeVerifier.Outcome> verify(Attempt attempt, List<TotpCredential> verified, String code) {
        return check(attempt, verified, code).call(outcome -> outcome instanceof CodeVerifier.Outcome.Accepted accepted
                ? sql.query(TOUCH, Tuple.of(OffsetDateTime.now(), accepted.step(), UUID.fromString(accepted.credentialId())))
                : Uni.createFrom().voidItem());
    }

    /**
     * Confirms an enrollment with a code from it: the credential becomes verified and named, and
     * the user's other unfinished enrollments (other sessions') are dropped.
     */
    public Uni<CodeVerifier.Outcome> confirm(Attempt attempt, TotpCredential pending, String name, String code) {
        return check(attempt, List.of(pending), code).call(outcome -> outcome instanceof CodeVerifier.Outcome.Accepted accepted
                ? markVerified(pending.id, name, accepted.step()).flatMap(v -> Database.transaction(() -> credentials.delete(
                        "userId = ?1 and verified = false and id <> ?2", pending.userId, pending.id))).replaceWithVoid()
                : Uni.createFrom().voidItem());
    }

    private Uni<CodeVerifier.Outcome> check(Attempt attempt, List<TotpCredential> candidates, String code) {
        List<CodeVerifier.Candidate> list = new ArrayList<>();
        for (TotpCredential credential : candidates) {
            HashAlgorithm algorithm = HashAlgorithm.parse(credential.algorithm).orElseThrow();
            list.add(new CodeVerifier.Candidate(credential.id.toString(),
                    new Totp(algorithm, secretOf(credential), credential.digits, credential.period), credential.period,
                    credential.lastUsedStep == null ? CodeVerifier.Candidate.NEVER_USED : credential.lastUsedStep));
        }
        return verifier.verify(attempt.userKey(), attempt.admin(), list, normalize(code), attempt.clientAddress(),
                Instant.now().getEpochSecond(), settings.window());
    }

    private Uni<Void> markVerified(UUID id, String name, long step) {
        return Database.transaction(() -> credentials.findById(id).invoke(c -> {
            if (c != null) {
                c.lastUsedAt = OffsetDateTime.now();
                c.lastUsedStep = step;
                c.verified = true;
                c.enrollmentSession = null;
                c.name = name;
                c.createdAt = OffsetDateTime.now();
            }
        })).replaceWithVoid();
    }


    private Uni<TotpCredential> create(Long userId, String sessionHandle) {
        TotpCredential credential = new TotpCredential();
        credential.userId = userId;
        credential.enrollmentSession = sessionHandle;
        credential.name = "";
        credential.algorithm = settings.algorithm().name();
        credential.digits = (short) settings.digits();
        credential.period = (short) settings.period();
        credential.secret = cipher.encrypt(Secrets.generate(settings.secretBytes()), credential.associatedData());
        return credentials.persist(credential);
    }

    /** People type codes with spaces ("123 456"); those are not part of the code. */
    private static String normalize(String code) {
        return code == null ? null : code.replaceAll("\\s", "");
    }
}
