package io.tollgate.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.tollgate.http.HostPattern;
import io.tollgate.testing.Configs;

/**
 * The rule for return addresses ({@code rd}) on its own: a path on the same host, or a host a
 * route names or the portal's own host; anything else is dropped, so that a sign-in link
 * can never send a user to another site.
 */
class ReturnAddressTest {

    private final PortalLinks links = new PortalLinks(Configs.portal("/.tollgate", "login.example.com"),
            () -> List.of(HostPattern.parse("alpha.test"), HostPattern.parse("*.wild.test")));

    @ParameterizedTest
    @ValueSource(strings = { "/secure/relative", "/secure/x?y=1#top", "https://alpha.test/secure/x?y=1",
            "https://ALPHA.test/", "https://deep.wild.test/", "https://login.example.com/.tollgate/account",
            "https://portal.test:8443/here", "https://alpha.test:8443/", "https://alpha.test:443/", "/%2e/x" })
    void followsPathsAndTheHostsTheGatewayServes(String rd) {
        assertEquals(Optional.of(rd), links.safeTarget(rd, "portal.test:8443", "https"));
    }

    @Test
    void anHttpAddressIsFollowedFromAnHttpPageOnlyNeverAsADowngradeFromHttps() {
        assertEquals(Optional.of("http://alpha.test/x"), links.safeTarget("http://alpha.test/x", "portal.test", "http"));
        assertEquals(Optional.empty(), links.safeTarget("http://alpha.test/x", "portal.test", "https"));
        assertEquals(Optional.empty(), links.safeTarget("HTTP://alpha.test/x", "portal.test", "https"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://alpha.test:8444/", "https://alpha.test:80/", "http://alpha.test:443/",
        "https://login.example.com:9000/" })
    void aPortTheGatewayIsNotReachedOnIsNeverFollowed(String rd) {
        assertEquals(Optional.empty(), links.safeTarget(rd, "portal.test:8443", rd.startsWith("https") ? "https" : "http"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://evil.example/steal", "//evil.example/steal", "/\\evil.example", "javascript:alert(1)",
            "https://alpha.test.evil.example/", "https://alpha.test@evil.example/", "https://evil.example\\@alpha.test/",
            "ftp://alpha.test/", "https://wild.test/", "/x\ny", "/x\u007f", "data:text/html,hi", "https:alpha.test",
            " https://alpha.test/", "", "/%5Cevil.example", "/%5cevil.example", "/%2F%2Fevil.example",
            "/%2fevil.example", "https:/evil.example", "https:evil.example", "/x\ty", "\t/x",
            "https://\uff41lpha.test/", "https://xn--lpha-7ua.test/", "https://alpha.test%2F@evil.example/",
            "https://evil.example#@alpha.test/", "https://evil.example?@alpha.test/", "JavaScript:alert(1)",
            "java\tscript:alert(1)", "vbscript:x", "//alpha.test/", "///evil.example" })
    void dropsEveryOtherAddress(String rd) {
        assertEquals(Optional.empty(), links.safeTarget(rd, "portal.test", "https"));
    }

    @Test
    void dropsAnAddressLongerThanABrowserWouldKeep() {
        String rd = "/" + "a".repeat(5000);
        assertEquals(Optional.empty(), links.safeTarget(rd, "portal.test", "https"));
    }

    @Test
    void signInLinksGoToThePortalHostWithTheReturnAddress() {
        assertEquals("https://login.example.com/.tollgate/login?rd=https%3A%2F%2Falpha.test%2Fx",
                links.signIn("https", "https://alpha.test/x"));
        PortalLinks sameHost = new PortalLinks(Configs.portal("/auth/", null), List::of);
        assertEquals("/auth/login", sameHost.signIn("https", null));
    }

    @Test
    void aPortalPrefixThatWouldHideTheApplicationsStopsStartUp() {
        ConfigurationException root = assertThrows(ConfigurationException.class,
                () -> new PortalLinks(Configs.portal("/", null), List::of));
        assertTrue(root.getMessage().contains("tollgate.portal.path-prefix"), root.getMessage());
        ConfigurationException dots = assertThrows(ConfigurationException.class,
                () -> new PortalLinks(Configs.portal("/a/../b", null), List::of));
        assertTrue(dots.getMessage().contains("tollgate.portal.path-prefix"), dots.getMessage());
    }
}
