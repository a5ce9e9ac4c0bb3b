package io.tollgate.testing;

import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tollgate.devstack.EmbeddedStores;

/** Real PostgreSQL and Redis processes for every test class, started once per test JVM. */
public class StoresTestResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedStores stores;

    public static EmbeddedStores stores() {
        return stores;
    }

    @Override
    public Map<String, String> start() {
        stores = EmbeddedStores.start(Path.of("target", "test-stores"), false);
        return stores.quarkusConfig();
    }

    @Override
    public void stop() {
        if (stores != null) {
            stores.close();
        }
    }
}
