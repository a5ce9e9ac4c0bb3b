package io.tollgate.credential;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class RecoveryCodeRepository implements PanacheRepository<RecoveryCode> {

    public Uni<List<RecoveryCode>> unusedOf(Long userId) {
        return list("userId = ?1 and usedAt is null", Sort.by("id"), userId);
    }

    public Uni<Long> countUnused(Long userId) {
        return count("userId = ?1 and usedAt is null", userId);
    }

    /** True only for the one caller that marks it, even with several replicas racing. */
    public Uni<Boolean> markUsed(Long id) {
        return update("usedAt = ?1 where id = ?2 and usedAt is null", OffsetDateTime.now(), id).map(n -> n == 1);
    }

    public Uni<Long> deleteAllOf(Long userId) {
        return delete("userId", userId);
    }
}
