package io.tollgate.credential;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class TotpCredentialRepository implements PanacheRepositoryBase<TotpCredential, UUID> {

    public Uni<List<TotpCredential>> ofUser(Long userId) {
        return list("userId", Sort.by("createdAt"), userId);
    }

    /** Credentials whose secret was not written with the given key, a page at a time. */
    /** How many secrets are not (yet) under this key. */
    Uni<Long> countNotWrittenWith(String keyId) {
        return count("secret not like ?1", "v1:" + keyId + ":%");
    }

    Uni<List<TotpCredential>> notWrittenWith(String keyId, int pageSize) {
        return find("secret not like ?1", Sort.by("id"), "v1:" + keyId + ":%").page(Page.ofSize(pageSize)).list();
    }
}
