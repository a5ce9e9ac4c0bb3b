package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;

/** The gateway's AuthKeys never travel on to an application, whichever of several values they are. */
class AuthKeysNeverForwardedTest {

    private static final String KEY = "tgk_" + "A".repeat(50);

    @Test
    void everyAuthKeyValueGoesAndEverythingElseStays() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Authorization", "Bearer app-token")
                .add("Authorization", "AuthKey " + KEY)
                .add("X-Auth-Key", "app-own-key")
                .add("x-auth-key", KEY);
        ForwardedHeaders.withoutAuthKeys(headers);
        assertEquals(List.of("Bearer app-token"), headers.getAll("Authorization"));
        assertEquals(List.of("app-own-key"), headers.getAll("X-Auth-Key"));
    }

    @Test
    void aRequestWithOnlyAKeyKeepsNoHeaderAtAll() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("authorization", "authkey " + KEY).add("X-Auth-Key", KEY);
        ForwardedHeaders.withoutAuthKeys(headers);
        assertEquals(List.of(), headers.getAll("Authorization"));
        assertEquals(List.of(), headers.getAll("X-Auth-Key"));
    }
}
