package io.tollgate.credential;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tollgate.account.User;
import io.tollgate.account.UserRepository;
import io.tollgate.crypto.SecretCipher;
import io.tollgate.store.Database;
import io.tollgate.totp.Base32;

/**
 * Writes the secrets an import read ({@link SecretImport}) as verified authenticators of their
 * users, encrypted on the way in. Each item is one insert of its own, so an item is written
 * whole or not at all, and a failure leaves the others alone. A secret the user already has
 * is counted, not written again, so a repeated import changes nothing. Unknown users and
 * service accounts (which sign in with keys, never codes) are reported. A dry run makes every
 * check and writes nothing.
 */
@ApplicationScoped
public class SecretImporter {

    /** What an import did (or, in a dry run, would do). */
    public record Report(boolean dryRun, int imported, int alreadyPresent, List<SecretImport.Problem> problems) {
    }

    private final UserRepository users;
    private final TotpCredentialRepository credentials;
    private final TotpCredentials totpCredentials;
    private final SecretCipher cipher;

    public SecretImporter(UserRepository users, TotpCredentialRepository credentials, TotpCredentials totpCredentials,
            SecretCipher cipher) {
        this.users = users;
        this.credentials = credentials;
        this.totpCredentials = totpCredentials;
        this.cipher = cipher;
    }

    public Uni<Report> importAll(SecretImport.Batch batch, boolean dryRun) {
        Map<String, List<SecretImport.Item>> byUser = new LinkedHashMap<>();
        for (SecretImport.Item item : batch.items()) {
            byUser.computeIfAbsent(item.username().toLowerCase(java.util.Locale.ROOT), u -> new ArrayList<>()).add(item);
        }
        Tally tally = new Tally(batch.problems());
        return Multi.createFrom().iterable(byUser.values())
                .onItem().transformToUniAndConcatenate(items -> importForUser(items, dryRun, tally)
                        .onFailure().recoverWithItem(failure -> {
                            // One user's failure (a store down, a secret under a retired key) is theirs alone.
                            items.forEach(item -> tally.problem(item, "not imported: "
                                    + (failure instanceof io.tollgate.crypto.SecretDecryptionException
                                            ? "an existing secret of this user cannot be read with the configured keys"
                                            : "the database did not answer")));
                            return null;
                        }))
                .collect().last()
                .map(done -> tally.report(dryRun));
    }

    private Uni<Void> importForUser(List<SecretImport.Item> items, boolean dryRun, Tally tally) {
        String username = items.get(0).username();
        return Database.session(() -> users.findByUsername(username)).flatMap(user -> {
            if (user == null) {
                items.forEach(item -> tally.problem(item, "no such user"));
                return Uni.createFrom().voidItem();
            }
            if (user.serviceAccount) {
                items.forEach(item -> tally.problem(item, "a service account signs in with keys, never with codes"));
                return Uni.createFrom().voidItem();
            }
            return totpCredentials.verifiedOf(user.id).flatMap(existing -> {
                List<byte[]> held = new ArrayList<>();
                for (TotpCredential credential : existing) {
                    held.add(totpCredentials.secretOf(credential));
                }
                return Multi.createFrom().iterable(items)
                        .onItem().transformToUniAndConcatenate(item -> importOne(user, item, held, dryRun, tally))
                        .collect().last().replaceWithVoid();
            });
        });
    }

    private Uni<Void> importOne(User user, SecretImport.Item item, List<byte[]> held, boolean dryRun, Tally tally) {
        byte[] secret = Base32.decode(item.secret());
        for (byte[] existing : held) {
            if (MessageDigest.isEqual(existing, secret)) {
                tally.alreadyPresent++;
                return Uni.createFrom().voidItem();
            }
        }
        held.add(secret);
        if (dryRun) {
            tally.imported++;
            return Uni.createFrom().voidItem();
        }
        TotpCredential credential = new TotpCredential();
        credential.userId = user.id;
        credential.name = item.name();
        credential.algorithm = item.algorithm().name();
        credential.digits = (short) item.digits();
        credential.period = (short) item.period();
        credential.verified = true;
        credential.secret = cipher.encrypt(secret, credential.associatedData());
        return Database.transaction(() -> credentials.persist(credential))
                .onItem().invoke(saved -> tally.imported++)
                .onFailure().recoverWithItem(failure -> {
                    held.remove(secret);
                    tally.problem(item, "not written: the database refused it");
                    return null;
                })
                .replaceWithVoid();
    }

    /** Counts as the import goes; touched by one item at a time. */
    private static final class Tally {
        final List<SecretImport.Problem> problems;
        int imported;
        int alreadyPresent;

        Tally(List<SecretImport.Problem> fromReading) {
            this.problems = new ArrayList<>(fromReading);
        }

        void problem(SecretImport.Item item, String reason) {
            problems.add(new SecretImport.Problem(item.item(), item.username(), reason));
        }

        Report report(boolean dryRun) {
            problems.sort(java.util.Comparator.comparingInt(SecretImport.Problem::item));
            return new Report(dryRun, imported, alreadyPresent, List.copyOf(problems));
        }
    }
}
