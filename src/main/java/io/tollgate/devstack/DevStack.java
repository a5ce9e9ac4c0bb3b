package io.tollgate.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vertx.core.Vertx;

/**
 * What dev mode starts once per JVM: embedded stores (unless URLs are configured) and the demo
 * upstream. Reached only by name from {@link DevStackConfigSourceFactory}.
 */
public final class DevStack {

    /**
     * Dev mode reads configuration from more than one class loader (build, then each live
     * reload), so "once per JVM" is kept in a system property rather than a static field.
     */
    private static final String STARTED = "io.tollgate.devstack.started";
    private static final String SUMMARY = "io.tollgate.devstack.summary";

    private DevStack() {
    }

    /** @return configuration for Quarkus; starts everything on the first call. */
    public static Map<String, String> start(boolean needStores, boolean needKey) {
        synchronized (System.class) { // one lock whatever the class loader
            String started = System.getProperty(STARTED);
            if (started != null) {
                return decode(started);
            }
            Map<String, String> config = startAll(needStores, needKey);
            System.setProperty(STARTED, encode(config));
            return config;
        }
    }

    /** System properties must hold strings only (other libraries copy them), hence this plain encoding. */
    private static String encode(Map<String, String> config) {
        StringBuilder text = new StringBuilder();
        config.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString();
    }

    private static Map<String, String> decode(String text) {
        Map<String, String> config = new LinkedHashMap<>();
        text.lines().filter(l -> !l.isEmpty())
                .forEach(l -> config.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return config;
    }

    private static Map<String, String> startAll(boolean needStores, boolean needKey) {
        Map<String, String> values = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        if (needKey) {
            // Kept beside the dev database: a new random key at each start would orphan every enrolled secret.
            values.put("tollgate.crypto.keys.dev", devKey(Path.of("target", "tollgate-dev", "dev-crypto-key")));
        }
        if (needStores) {
            EmbeddedStores stores = EmbeddedStores.start(Path.of("target", "tollgate-dev"), true);
            values.putAll(stores.quarkusConfig());
            Runtime.getRuntime().addShutdownHook(new Thread(stores::close, "tollgate-dev-stores-stop"));
            text.append("embedded PostgreSQL on port ").append(stores.postgresPort())
                    .append(" and Redis at ").append(stores.redisUrl()).append(" (files in target/tollgate-dev); ");
        }
        Vertx vertx = Vertx.vertx();
        int demoPort = EmbeddedStores.freePort();
        DemoUpstream.start(vertx, demoPort);
        Runtime.getRuntime().addShutdownHook(new Thread(vertx::close, "tollgate-dev-demo-stop"));
        values.put("tollgate.routes.demo.upstream", "http://127.0.0.1:" + demoPort);
        text.append("demo upstream on port ").append(demoPort);
        System.setProperty(SUMMARY, text.toString());
        return Map.copyOf(values);
    }

    private static String devKey(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.createDirectories(file.getParent());
                Files.writeString(file, Base64.getEncoder().encodeToString(key));
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the dev encryption key in " + file, e);
        }
    }

    public static String summary() {
        return System.getProperty(SUMMARY, "not started");
    }
}
