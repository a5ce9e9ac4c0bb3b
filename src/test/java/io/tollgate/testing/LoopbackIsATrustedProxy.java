package io.tollgate.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The tests' own address is a trusted proxy: its X-Forwarded-* headers are believed, and it may ask forward-auth questions. */
public class LoopbackIsATrustedProxy implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tollgate.trusted-proxies", "127.0.0.1/32, ::1");
    }
}
