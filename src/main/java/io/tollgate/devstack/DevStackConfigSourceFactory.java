package io.tollgate.devstack;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * In the dev profile only, starts the dev stack before the datasource and Redis client read
 * their configuration. In any other profile it does nothing and loads nothing: the dev stack
 * classes are named, not referenced, so that the production jar (which leaves them out) and a
 * native image never need them.
 */
public class DevStackConfigSourceFactory implements ConfigSourceFactory {

    static final String DEV_STACK_CLASS = "io.tollgate.devstack.DevStack";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev")) {
            return List.of();
        }
        boolean needStores = !configured(context, "quarkus.datasource.reactive.url")
                || !configured(context, "quarkus.redis.hosts");
        try {
            @SuppressWarnings("unchecked")
            Map<String, String> values = (Map<String, String>) Class.forName(DEV_STACK_CLASS)
                    .getMethod("start", boolean.class, boolean.class).invoke(null, needStores, !anyCryptoKey(context));
            // Below application.properties (250): explicit settings always win.
            return List.of(new PropertiesConfigSource(values, "tollgate-dev-stack", 150));
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("The Tollgate dev stack could not start: " + e, e);
        }
    }

    /** Whether the developer configured an encryption key of their own. */
    private static boolean anyCryptoKey(ConfigSourceContext context) {
        Iterator<String> names = context.iterateNames();
        while (names.hasNext()) {
            if (names.next().startsWith("tollgate.crypto.keys.")) {
                return true;
            }
        }
        return false;
    }

    private static boolean configured(ConfigSourceContext context, String key) {
        ConfigValue value = context.getValue(key);
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }
}
