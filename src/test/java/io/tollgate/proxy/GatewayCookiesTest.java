package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;

/** The gateway's cookies, under either name, never reach an upstream; the application's do. */
class GatewayCookiesTest {

    @Test
    void plainAndHostPrefixedGatewayCookiesAreStripped() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        headers.add("Cookie", "app=1; __Host-tollgate_session=secret; tollgate_lang=fr");
        headers.add("Cookie", "__host-TOLLGATE_device=token; theme=dark; __Host-app=2");
        ForwardedHeaders.withoutGatewayCookies(headers);
        assertEquals("app=1; theme=dark; __Host-app=2", headers.get("cookie"));
    }

    @Test
    void aHeaderWithOnlyGatewayCookiesIsRemoved() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        headers.add("Cookie", "__Host-tollgate_session=secret; tollgate_device=t");
        ForwardedHeaders.withoutGatewayCookies(headers);
        assertNull(headers.get("cookie"));
    }
}
