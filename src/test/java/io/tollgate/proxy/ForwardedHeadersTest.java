package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tollgate.gate.GatewayConfig;
import io.vertx.core.MultiMap;

/** The header rewriting helpers, on their own (the proxy tests prove them end to end). */
class ForwardedHeadersTest {

    private static final GatewayConfig.IdentityHeadersConfig NAMES = new GatewayConfig.IdentityHeadersConfig() {
        @Override
        public String user() {
            return "Remote-User";
        }

        @Override
        public String groups() {
            return "Remote-Groups";
        }

        @Override
        public String email() {
            return "Remote-Email";
        }

        @Override
        public String name() {
            return "Remote-Name";
        }

        @Override
        public String authMethod() {
            return "Remote-Auth-Method";
        }

        @Override
        public String impersonator() {
            return "Remote-Impersonator";
        }
    };

    private final ForwardedHeaders headers = new ForwardedHeaders(NAMES);

    @Test
    void identityAndForwardingClaimsAreForbiddenInEverySpelling() {
        for (String name : List.of("Remote-User", "remote-user", "REMOTE_USER", "Remote_user", "remote-groups",
                "X-Forwarded-For", "x_forwarded_for", "X-REAL-IP", "Forwarded", "x-original-url", "Remote-Impersonator")) {
            assertTrue(headers.isForbidden(name), name);
        }
        for (String name : List.of("Remote-Users", "Remote-Use", "Accept", "Cookie", "X-Forwarded-Fo", "Remote–User")) {
            assertFalse(headers.isForbidden(name), name);
        }
    }

    @Test
    void aPlainValueIsSentAsItIs() {
        String value = "alice@example.test";
        assertSame(value, ForwardedHeaders.headerValue(value));
    }

    @Test
    void controlCharactersAreRemovedAndOtherTextTravelsAsUtf8() {
        assertEquals("aliceevil: 1", ForwardedHeaders.headerValue("alice\r\nevil: 1"));
        assertEquals("ab", ForwardedHeaders.headerValue("a\u0000\u007f\u0085b"));
        String latin1OfUtf8 = new String("Zoë Ødegård".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertEquals(latin1OfUtf8, ForwardedHeaders.headerValue("Zoë Ødegård"));
        assertEquals(latin1OfUtf8, ForwardedHeaders.headerValue("Zoë \tØdegård"), "a tab is a control character too");
    }

    @Test
    void theGatewaysCookiesAreStrippedInAnyCaseAndOthersKept() {
        MultiMap map = MultiMap.caseInsensitiveMultiMap()
                .add("Cookie", "theme=dark; TOLLGATE_session=abc")
                .add("Cookie", "__Host-tollgate_device=x;lang=fr");
        ForwardedHeaders.withoutGatewayCookies(map);
        assertEquals(List.of("theme=dark; lang=fr"), map.getAll("Cookie"));
    }

    @Test
    void cookiesWithoutTheGatewaysAreLeftUntouched() {
        MultiMap map = MultiMap.caseInsensitiveMultiMap().add("Cookie", "a=1;b=2").add("Cookie", "c=3");
        ForwardedHeaders.withoutGatewayCookies(map);
        assertEquals(List.of("a=1;b=2", "c=3"), map.getAll("Cookie"));
    }
}
