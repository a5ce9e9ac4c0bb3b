package io.tollgate.account;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class GroupRepository implements PanacheRepository<Group> {

    public Uni<Group> findByName(String name) {
        return find("lower(name) = lower(?1)", name).firstResult();
    }

    /** The group of that name, created if there is none (call within a transaction). */
    public Uni<Group> findOrCreate(String name) {
        return findByName(name).flatMap(found -> {
            if (found != null) {
                return Uni.createFrom().item(found);
            }
            Group group = new Group();
            group.name = name;
            return persist(group);
        });
    }
}
