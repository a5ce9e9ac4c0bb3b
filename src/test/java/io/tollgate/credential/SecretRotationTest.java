package io.tollgate.credential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.tollgate.account.User;
import io.tollgate.account.UserRepository;
import io.tollgate.crypto.KeyRing;
import io.tollgate.crypto.SecretCipher;

@QuarkusTest
class SecretRotationTest {

    private static final String OLD = Base64.getEncoder().encodeToString("o".repeat(32).getBytes(StandardCharsets.US_ASCII));
    private static final String NEW = Base64.getEncoder().encodeToString("n".repeat(32).getBytes(StandardCharsets.US_ASCII));

    @Inject
    UserRepository users;

    @Inject
    TotpCredentialRepository credentials;

    @Inject
    SecretRotation rotation;

    @Test
    void everyStoredSecretMovesToTheActiveKeyAndStillReadsTheSame() throws Throwable {
        SecretCipher before = new SecretCipher(KeyRing.from(Map.of("old", OLD), Optional.empty()));
        KeyRing rotatedRing = KeyRing.from(Map.of("old", OLD, "new", NEW), Optional.of("new"));
        SecretCipher during = new SecretCipher(rotatedRing);

        List<byte[]> secrets = new ArrayList<>();
        List<TotpCredential> stored = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> {
            User owner = new User();
            owner.username = "rotation-" + System.nanoTime();
            return users.persist(owner).flatMap(u -> {
                List<TotpCredential> list = new ArrayList<>();
                for (int i = 0; i < SecretRotation.PAGE + 5; i++) {
                    byte[] secret = ("secret-number-" + i + "-padding").getBytes(StandardCharsets.US_ASCII);
                    secrets.add(secret);
                    TotpCredential c = new TotpCredential();
                    c.userId = u.id;
                    c.name = "phone " + i;
                    c.algorithm = "SHA1";
                    c.digits = 6;
                    c.period = 30;
                    c.secret = before.encrypt(secret, c.associatedData());
                    list.add(c);
                }
                return credentials.persist(list).replaceWith(list);
            });
        }));

        long moved = VertxContextSupport.subscribeAndAwait(() -> rotation.reencryptAll(during, rotatedRing));
        assertTrue(moved >= SecretRotation.PAGE + 5, "moved " + moved);

        for (int i = 0; i < stored.size(); i++) {
            TotpCredential original = stored.get(i);
            TotpCredential reread = VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withSession(() -> credentials.findById(original.id)));
            assertTrue(reread.secret.startsWith("v1:new:"), reread.secret.substring(0, 8));
            SecretCipher onlyNew = new SecretCipher(KeyRing.from(Map.of("new", NEW), Optional.empty()));
            assertArrayEquals(secrets.get(i), onlyNew.decrypt(reread.secret, reread.associatedData()));
        }
        assertEquals(0L, VertxContextSupport.<Long>subscribeAndAwait(() -> rotation.reencryptAll(during, rotatedRing)),
                "a second run finds nothing left to move");
    }
}
