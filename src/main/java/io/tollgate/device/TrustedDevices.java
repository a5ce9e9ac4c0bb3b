package io.tollgate.device;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.tollgate.policy.PolicySettings;
import io.tollgate.store.Database;
import io.tollgate.store.Digests;

/**
 * Trusted browsers: a 256-bit random token in the browser's cookie, its SHA-256 in the
 * database with the user, so that a copy of the table opens nothing. A token counts only for
 * the user it was issued to, only until it expires.
 */
@ApplicationScoped
public class TrustedDevices implements PanacheRepository<TrustedDevice> {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new trust: the device row and the token to put in the cookie (never stored). */
    public record Issued(TrustedDevice device, String token) {
    }

    /** Trusts this browser for the user; beyond the allowed number the oldest trusts go. */
    public Uni<Issued> trust(Long userId, String name, String clientIp, String userAgent, PolicySettings settings) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = URL.encodeToString(bytes);
        TrustedDevice device = new TrustedDevice();
        device.userId = userId;
        device.tokenHash = hash(token);
        device.name = name;
        device.lastIp = clientIp;
        device.userAgent = truncate(userAgent, 512);
        device.expiresAt = OffsetDateTime.now().plus(settings.trustedDeviceValidity());
        return Database.transaction(() -> persist(device)
                .flatMap(saved -> list("userId", Sort.descending("createdAt", "id"), userId))
                .flatMap(all -> {
                    List<Long> surplus = all.stream().skip(settings.maxTrustedDevices()).map(d -> d.id).toList();
                    return surplus.isEmpty() ? Uni.createFrom().item(0L) : delete("id in ?1", surplus);
                }))
                .replaceWith(new Issued(device, token));
    }

    /**
     * The user's live trust for this cookie value, its use recorded; empty for another user's
     * token, an expired or revoked one, or anything that is not a token at all.
     */
    public Uni<Optional<TrustedDevice>> recognise(Long userId, String token, String clientIp, String userAgent) {
        if (token == null || token.length() != 43) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Database.transaction(() -> find("tokenHash", hash(token)).<TrustedDevice>firstResult().map(d -> {
            if (d == null || !d.userId.equals(userId) || !d.expiresAt.isAfter(OffsetDateTime.now())) {
                return Optional.<TrustedDevice>empty();
            }
            d.lastUsedAt = OffsetDateTime.now();
            d.lastIp = clientIp;
            d.userAgent = truncate(userAgent, 512);
            return Optional.of(d);
        }));
    }

    /** The device this cookie value names, whoever it belongs to (to mark "this device" and on logout). */
    public Uni<Optional<TrustedDevice>> byToken(String token) {
        if (token == null || token.length() != 43) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Database.session(() -> find("tokenHash", hash(token)).<TrustedDevice>firstResult())
                .map(Optional::ofNullable);
    }

    public Uni<List<TrustedDevice>> liveOf(Long userId) {
        return Database.session(() -> list("userId = ?1 and expiresAt > ?2", Sort.descending("createdAt"), userId,
                OffsetDateTime.now()));
    }

    public Uni<Boolean> revoke(Long userId, Long deviceId) {
        return Database.transaction(() -> delete("id = ?1 and userId = ?2", deviceId, userId)).map(n -> n > 0);
    }

    /** Every trust of the user but the one with this id (null: all). */
    public Uni<Long> revokeAllBut(Long userId, Long keptId) {
        return Database.transaction(() -> keptId == null ? delete("userId", userId)
                : delete("userId = ?1 and id <> ?2", userId, keptId));
    }

    static String hash(String token) {
        return Digests.sha256Hex(token);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
