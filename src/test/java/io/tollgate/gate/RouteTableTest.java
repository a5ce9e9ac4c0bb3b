package io.tollgate.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.tollgate.policy.AccessPolicy;
import io.tollgate.testing.Configs;

class RouteTableTest {

    private final Map<String, GatewayConfig.RouteConfig> config = new LinkedHashMap<>();

    @Test
    void mostSpecificRouteWinsWhateverTheDeclarationOrder() {
        add("any", "*", "/", "http://any:1");
        add("wild", "*.example.com", "/", "http://wild:1");
        add("wiki", "wiki.example.com", "/", "http://wiki:1");
        add("wiki-api", "wiki.example.com", "/api", "http://wiki-api:1");
        add("wild-admin", "*.example.com", "/admin", "http://wild-admin:1");
        RouteTable table = RouteTable.from(config);

        assertEquals("wiki-api", match(table, "wiki.example.com", "/api/v1"));
        assertEquals("wiki", match(table, "wiki.example.com", "/admin"));
        assertEquals("wild-admin", match(table, "docs.example.com", "/admin/x"));
        assertEquals("wild", match(table, "docs.example.com", "/"));
        assertEquals("any", match(table, "example.com", "/"));
        assertEquals("any", match(table, "other.org", "/api"));
    }

    @Test
    void noRouteMatchesWhenNothingCoversTheRequest() {
        add("wiki", "wiki.example.com", "/app", "http://wiki:1");
        RouteTable table = RouteTable.from(config);
        assertEquals(Optional.empty(), table.match("wiki.example.com", "/"));
        assertEquals(Optional.empty(), table.match("wiki.example.com", "/application"));
        assertEquals(Optional.empty(), table.match("other.example.com", "/app"));
    }

    @Test
    void pathPrefixesAreNormalized() {
        add("a", "a.test", "/app/", "http://a:1");
        RouteTable table = RouteTable.from(config);
        assertEquals("/app", table.routes().get(0).pathPrefix());
        assertEquals("a", match(table, "a.test", "/app"));
    }

    @Test
    void anUpstreamThatIsNotAUrlNamesItsKey() {
        add("wiki", "wiki.example.com", "/", "wiki.example.com:8080");
        assertMessage("tollgate.routes.wiki.upstream: 'wiki.example.com:8080' is not an http:// or https:// URL");
    }

    @Test
    void anUpstreamWithAPathIsRefused() {
        add("wiki", "wiki.example.com", "/", "http://wiki:8080/base");
        assertMessage("tollgate.routes.wiki.upstream: 'http://wiki:8080/base' must be scheme://host[:port] only");
    }

    @Test
    void aDuplicateRouteNamesBothRoutes() {
        add("one", "wiki.example.com", "/", "http://a:1");
        add("two", "WIKI.example.com", "/", "http://b:1");
        assertMessage("tollgate.routes.two: duplicates tollgate.routes.one");
    }

    @Test
    void aNegativeOrZeroTimeoutIsRefused() {
        add("wiki", "wiki.example.com", "/", "http://a:1", "bypass", Duration.ofSeconds(-5), 8);
        assertMessage("tollgate.routes.wiki.timeout: must be positive");
    }

    @Test
    void anUnknownPolicyListsTheAllowedOnes() {
        add("wiki", "wiki.example.com", "/", "http://a:1", "tow_factor", Duration.ofSeconds(5), 8);
        assertMessage("tollgate.routes.wiki.policy: 'tow_factor' is not one of bypass | one_factor | two_factor | deny");
    }

    @Test
    void badHostsPrefixesAndPoolSizesAreRefused() {
        add("h", "https://wiki.example.com", "/", "http://a:1");
        add("p", "p.test", "app", "http://a:1");
        add("s", "s.test", "/", "http://a:1", "bypass", Duration.ofSeconds(5), 0);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> RouteTable.from(config));
        assertTrue(e.getMessage().contains("tollgate.routes.h.host"), e.getMessage());
        assertTrue(e.getMessage().contains("tollgate.routes.p.path-prefix: 'app' must start with /"), e.getMessage());
        assertTrue(e.getMessage().contains("tollgate.routes.s.pool-size"), e.getMessage());
    }

    @Test
    void policiesAreReadInEitherSpelling() {
        add("a", "a.test", "/", "http://a:1", "One-Factor", Duration.ofSeconds(5), 8);
        assertEquals(AccessPolicy.ONE_FACTOR, RouteTable.from(config).routes().get(0).policy());
    }

    @Test
    void prefixesThatDifferOnlyInCaseAreDuplicates() {
        add("lower", "wiki.example.com", "/admin", "http://a:1");
        add("upper", "wiki.example.com", "/Admin", "http://b:1");
        assertMessage("tollgate.routes.upper: duplicates tollgate.routes.lower");
    }

    @Test
    void prefixesMatchedDecodedMustBePlain() {
        add("dot", "wiki.example.com", "/admin.", "http://a:1");
        add("escape", "wiki.example.com", "/a%20b", "http://a:1");
        add("matrix", "wiki.example.com", "/a;b", "http://a:1");
        assertMessage("tollgate.routes.dot.path-prefix: '/admin.' has a segment ending in a dot");
        assertMessage("tollgate.routes.escape.path-prefix: '/a%20b' must be plain visible ASCII");
        assertMessage("tollgate.routes.matrix.path-prefix: '/a;b' must be plain visible ASCII");
    }

    @Test
    void foldedMatchingIgnoresCaseAtSegmentBoundaries() {
        add("root", "wiki.example.com", "/", "http://a:1");
        add("admin", "wiki.example.com", "/Admin", "http://b:1");
        RouteTable table = RouteTable.from(config);
        assertEquals("admin", table.match("wiki.example.com", "/ADMIN/x", true).name());
        assertEquals("root", table.match("wiki.example.com", "/ADMIN/x", false).name());
        assertEquals("root", table.match("wiki.example.com", "/administrator", true).name());
    }

    @Test
    void lookingUpTheHostFindsTheRouteThatTryingEveryRouteInOrderWouldFind() {
        Random random = new Random(20261201);
        String[] hosts = { "a.example.com", "b.example.com", "example.com", "x.a.example.com", "other.org" };
        String[] patterns = { "a.example.com", "b.example.com", "example.com", "*.example.com", "*.a.example.com", "*" };
        String[] prefixes = { "/", "/api", "/api/v1", "/admin", "/Admin" };
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            String host = patterns[random.nextInt(patterns.length)];
            String prefix = prefixes[random.nextInt(prefixes.length)];
            if (random.nextInt(4) == 0) {
                prefix = (prefix.equals("/") ? "" : prefix) + "/" + i;
            }
            // One route per host and prefix in any case, as the table requires.
            if (taken.add(host + prefix.toLowerCase(Locale.ROOT))) {
                add("r" + i, host, prefix, "http://up:1");
            }
        }
        RouteTable table = RouteTable.from(config);
        int found = 0;
        for (String host : hosts) {
            for (String path : new String[] { "/", "/api", "/api/v1/x", "/Api/v1", "/admin/7", "/api/17", "/nothing" }) {
                for (boolean ignoreCase : new boolean[] { false, true }) {
                    Route expected = null;
                    for (Route route : table.routes()) {
                        if (route.matches(host, path, ignoreCase)) {
                            expected = route;
                            break;
                        }
                    }
                    assertEquals(expected, table.match(host, path, ignoreCase), host + path + " ignoreCase=" + ignoreCase);
                    found += expected == null ? 0 : 1;
                }
            }
        }
        assertTrue(found > 20, "the requests reach routes: " + found);
    }

    private void assertMessage(String expected) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> RouteTable.from(config));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static String match(RouteTable table, String host, String path) {
        return table.match(host, path).map(Route::name).orElse("none");
    }

    private void add(String name, String host, String prefix, String upstream) {
        add(name, host, prefix, upstream, "bypass", Duration.ofSeconds(30), 8);
    }

    private void add(String name, String host, String prefix, String upstream, String policy, Duration timeout,
            int poolSize) {
        config.put(name, Configs.route(host, prefix, upstream, policy, timeout, poolSize));
    }
}
