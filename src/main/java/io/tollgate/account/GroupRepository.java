package io.tollgate.account;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class GroupRepository implements PanacheRepository<Group> {

    public Uni<Group> findByName(String name) {
        return find("lower(name) = lower(?1)", name).firstResult();
    }
}
