package io.tollgate.policy;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/** Access rules and trusted proxies: {@code tollgate.access-rules[n].*}, {@code tollgate.trusted-proxies}. */
@ConfigMapping(prefix = "tollgate")
public interface AccessConfig {

    /** Ordered rules refining the routes' policies; the first match wins. */
    @WithName("access-rules")
    Optional<List<AccessRuleConfig>> accessRules();

    /**
     * Networks (CIDR) of the proxies in front of Tollgate. Only from those is X-Forwarded-For
     * believed about the client address.
     */
    @WithName("trusted-proxies")
    Optional<List<String>> trustedProxies();
}
