package io.tollgate.admin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Administration: {@code tollgate.admin.*}. */
@ConfigMapping(prefix = "tollgate.admin")
public interface AdminConfig {

    /**
     * The group a bearer token's groups claim must hold for its caller to use the admin REST API
     * (an AuthKey qualifies by its owner being an administrator instead).
     */
    @WithDefault("tollgate-admin")
    String apiRole();
}
