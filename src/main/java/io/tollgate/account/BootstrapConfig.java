package io.tollgate.account;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The first administrator: {@code tollgate.bootstrap.*}. Created at start-up only while no
 * administrator exists. Give the password through the environment
 * ({@code TOLLGATE_BOOTSTRAP_ADMIN_PASSWORD}, e.g. from a Kubernetes Secret), never a file in Git.
 */
@ConfigMapping(prefix = "tollgate.bootstrap")
public interface BootstrapConfig {

    Optional<String> adminUsername();

    Optional<String> adminPassword();
}
