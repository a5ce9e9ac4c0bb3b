package io.tollgate.account;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class UserRepository implements PanacheRepository<User> {

    /** Usernames are unique ignoring case. */
    public Uni<User> findByUsername(String username) {
        return find("lower(username) = lower(?1)", username).firstResult();
    }

    /** The user with their groups loaded, for building identity headers and policy decisions. */
    public Uni<User> findWithGroups(String username) {
        // Usernames are unique: a plain list avoids paging over a fetch join.
        return find("select distinct u from User u left join fetch u.groups where lower(u.username) = lower(?1)",
                username).list().map(found -> found.isEmpty() ? null : found.get(0));
    }

    /** The user with their groups, or null. */
    public Uni<User> findByIdWithGroups(Long id) {
        return find("select distinct u from User u left join fetch u.groups where u.id = ?1", id).list()
                .map(found -> found.isEmpty() ? null : found.get(0));
    }

    public Uni<List<User>> membersOf(String groupName) {
        return list("select u from User u join u.groups g where lower(g.name) = lower(?1) order by u.username",
                groupName);
    }
}
