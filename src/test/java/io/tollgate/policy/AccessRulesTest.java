package io.tollgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;

class AccessRulesTest {

    private final List<Rule> config = new ArrayList<>();

    @Test
    void theFirstMatchingRuleWins() {
        config.add(rule("deny").withPath("/admin.*"));
        config.add(rule("bypass"));
        AccessRules rules = AccessRules.from(config);
        assertEquals(Optional.of(AccessPolicy.DENY), decide(rules, "10.0.0.1", "a.test", "/admin/users", "GET"));
        assertEquals(Optional.of(AccessPolicy.BYPASS), decide(rules, "10.0.0.1", "a.test", "/docs", "GET"));

        config.add(0, rule("one_factor"));
        AccessRules catchAllFirst = AccessRules.from(config);
        assertEquals(Optional.of(AccessPolicy.ONE_FACTOR),
                decide(catchAllFirst, "10.0.0.1", "a.test", "/admin/users", "GET"));
    }

    @Test
    void withoutAMatchingRuleThereIsNoDecision() {
        config.add(rule("deny").withHosts("a.test"));
        assertEquals(Optional.empty(), decide(AccessRules.from(config), "10.0.0.1", "b.test", "/", "GET"));
        assertEquals(Optional.empty(), decide(AccessRules.from(List.of()), "10.0.0.1", "a.test", "/", "GET"));
    }

    @Test
    void networksMatchTheClientInEitherFamily() {
        config.add(rule("bypass").withNetworks("10.0.0.0/8", "2001:db8::/32"));
        config.add(rule("two_factor"));
        AccessRules rules = AccessRules.from(config);
        assertEquals(Optional.of(AccessPolicy.BYPASS), decide(rules, "10.1.2.3", "a.test", "/", "GET"));
        assertEquals(Optional.of(AccessPolicy.BYPASS), decide(rules, "::ffff:10.1.2.3", "a.test", "/", "GET"));
        assertEquals(Optional.of(AccessPolicy.BYPASS), decide(rules, "2001:db8::9", "a.test", "/", "GET"));
        assertEquals(Optional.of(AccessPolicy.TWO_FACTOR), decide(rules, "11.0.0.1", "a.test", "/", "GET"));
        assertEquals(Optional.of(AccessPolicy.TWO_FACTOR), decide(rules, "2001:db9::9", "a.test", "/", "GET"));
    }

    @Test
    void aClientAddressThatIsNotALiteralMatchesNoNetwork() {
        config.add(rule("bypass").withNetworks("0.0.0.0/0", "::/0"));
        config.add(rule("deny"));
        AccessRules rules = AccessRules.from(config);
        assertEquals(Optional.of(AccessPolicy.DENY), decide(rules, "unknown", "a.test", "/", "GET"));
        assertEquals(Optional.of(AccessPolicy.DENY), decide(rules, "localhost", "a.test", "/", "GET"));
    }

    @Test
    void hostsMatchExactlyByWildcardOrAny() {
        config.add(rule("deny").withHosts("wiki.example.com"));
        config.add(rule("one_factor").withHosts("*.example.com"));
        config.add(rule("bypass").withHosts("*"));
        AccessRules rules = AccessRules.from(config);
        assertEquals(Optional.of(AccessPolicy.DENY), decide(rules, "10.0.0.1", "wiki.example.com", "/", "GET"));
        assertEquals(Optional.of(AccessPolicy.DENY), decide(rules, "10.0.0.1", "WIKI.example.com", "/", "GET"));
        assertEquals(Optional.of(AccessPolicy.ONE_FACTOR), decide(rules, "10.0.0.1", "docs.example.com", "/", "GET"));
        assertEquals(Optional.of(AccessPolicy.BYPASS), decide(rules, "10.0.0.1", "example.com", "/", "GET"));
    }

    @Test
    void thePathExpressionMustMatchTheWholePath() {
        config.add(rule("deny").withPath("/admin"));
        config.add(rule("bypass"));
        AccessRules rules = AccessRules.from(config);
        assertEquals(Optional.of(AccessPolicy.DENY), decide(rules, "10.0.0.1", "a.test", "/admin", "GET"));
        assertEquals(Optional.of(AccessPolicy.BYPASS), decide(rules, "10.0.0.1", "a.test", "/admin/x", "GET"));
        assertEquals(Optional.of(AccessPolicy.BYPASS), decide(rules, "10.0.0.1", "a.test", "/x/admin", "GET"));
    }

    @Test
    void methodsAreComparedInUpperCase() {
        config.add(rule("deny").withMethods("post", "Delete"));
        config.add(rule("bypass"));
        AccessRules rules = AccessRules.from(config);
        assertEquals(Optional.of(AccessPolicy.DENY), decide(rules, "10.0.0.1", "a.test", "/", "POST"));
        assertEquals(Optional.of(AccessPolicy.DENY), decide(rules, "10.0.0.1", "a.test", "/", "delete"));
        assertEquals(Optional.of(AccessPolicy.DENY), decide(rules, "10.0.0.1", "a.test", "/", "post"));
        assertEquals(Optional.of(AccessPolicy.BYPASS), decide(rules, "10.0.0.1", "a.test", "/", "GET"));
    }

    @Test
    void everyConditionOfARuleMustHold() {
        config.add(rule("deny").withNetworks("10.0.0.0/8").withHosts("a.test").withPath("/admin.*").withMethods("POST"));
        config.add(rule("bypass"));
        AccessRules rules = AccessRules.from(config);
        assertEquals(Optional.of(AccessPolicy.DENY), decide(rules, "10.0.0.1", "a.test", "/admin/x", "POST"));
        assertEquals(Optional.of(AccessPolicy.BYPASS), decide(rules, "11.0.0.1", "a.test", "/admin/x", "POST"));
        assertEquals(Optional.of(AccessPolicy.BYPASS), decide(rules, "10.0.0.1", "b.test", "/admin/x", "POST"));
        assertEquals(Optional.of(AccessPolicy.BYPASS), decide(rules, "10.0.0.1", "a.test", "/public", "POST"));
        assertEquals(Optional.of(AccessPolicy.BYPASS), decide(rules, "10.0.0.1", "a.test", "/admin/x", "GET"));
    }

    @Test
    void absentConditionsMatchEveryRequest() {
        config.add(rule("two_factor").withPath("/admin.*"));
        AccessRules rules = AccessRules.from(config);
        assertEquals(Optional.of(AccessPolicy.TWO_FACTOR), decide(rules, "10.0.0.1", "a.test", "/admin", "GET"));
        assertEquals(Optional.of(AccessPolicy.TWO_FACTOR), decide(rules, "2001:db8::1", "b.test", "/admin", "PUT"));
        assertEquals(Optional.of(AccessPolicy.TWO_FACTOR), decide(rules, "unknown", "c.test", "/admin/", "PATCH"));
    }

    @Test
    void theMatchingRuleTellsWhichOneDecided() {
        config.add(rule("deny").withMethods("TRACE"));
        config.add(rule("bypass").withHosts("a.test"));
        AccessRule rule = AccessRules.from(config).match("10.0.0.1", "a.test", "/", "GET").orElseThrow();
        assertEquals(1, rule.index());
        assertEquals(AccessPolicy.BYPASS, rule.action());
    }

    @Test
    void rulesDescribeThemselvesForTheLogs() {
        config.add(rule("bypass"));
        config.add(rule("one_factor").withHosts("*.example.com", "wiki.test"));
        config.add(rule("deny").withNetworks("10.1.2.3/8").withPath("^/admin.*").withMethods("post"));
        config.add(rule("Two-Factor").withNetworks("10.0.0.0/8", "2001:db8::/32").withMethods("GET", "get", "HEAD"));
        List<AccessRule> rules = AccessRules.from(config).rules();
        assertEquals("rule 0 (any request) -> bypass", rules.get(0).toString());
        assertEquals("rule 1 (hosts *.example.com, wiki.test) -> one_factor", rules.get(1).toString());
        assertEquals("rule 2 (networks 10.0.0.0/8; path ^/admin.*; methods POST) -> deny", rules.get(2).toString());
        assertEquals("rule 3 (networks 10.0.0.0/8, 2001:db8::/32; methods GET, HEAD) -> two_factor",
                rules.get(3).toString());
    }

    @Test
    void everyBadKeyIsNamedAtOnce() {
        config.add(rule("deny").withPath("/admin(.*"));
        config.add(rule("allow"));
        config.add(rule("deny").withNetworks("10.0.0.0/8", "abc"));
        config.add(rule("deny").withMethods("GET", "GE T"));
        config.add(rule("deny").withHosts("https://wiki.example.com"));
        config.add(rule("deny").withNetworks());
        config.add(rule("deny").withPath(" "));
        config.add(rule("bypass"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> AccessRules.from(config));
        String message = e.getMessage();
        assertContains(message, "tollgate.access-rules[0].path: invalid regular expression '/admin(.*'");
        assertContains(message,
                "tollgate.access-rules[1].action: 'allow' is not one of bypass | one_factor | two_factor | deny");
        assertContains(message, "tollgate.access-rules[2].networks: 'abc' is not an IPv4 or IPv6 network (CIDR)");
        assertContains(message, "tollgate.access-rules[3].methods: 'GE T' is not an HTTP method");
        assertContains(message, "tollgate.access-rules[4].hosts: 'https://wiki.example.com' is not a host name");
        assertContains(message, "tollgate.access-rules[5].networks: must list at least one value");
        assertContains(message, "tollgate.access-rules[6].path: must not be empty");
        assertTrue(!message.contains("access-rules[7]"), message);
    }

    @Test
    void severalProblemsInOneRuleAreAllReported() {
        config.add(rule("maybe").withNetworks("10.0.0.0/33").withMethods("G(ET"));
        String message = assertThrows(ConfigurationException.class, () -> AccessRules.from(config)).getMessage();
        assertContains(message, "tollgate.access-rules[0].networks: '10.0.0.0/33' needs a prefix length");
        assertContains(message, "tollgate.access-rules[0].methods: 'G(ET' is not an HTTP method");
        assertContains(message, "tollgate.access-rules[0].action: 'maybe' is not one of");
    }

    private static Optional<AccessPolicy> decide(AccessRules rules, String client, String host, String path,
            String method) {
        return rules.decide(client, host, path, method);
    }

    private static void assertContains(String message, String expected) {
        assertTrue(message.contains(expected), message);
    }

    private static Rule rule(String action) {
        return new Rule(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), action);
    }

    /** Stands in for the configuration mapping. */
    private record Rule(Optional<List<String>> networks, Optional<List<String>> hosts, Optional<String> path,
            Optional<List<String>> methods, String action) implements AccessRuleConfig {

        Rule withNetworks(String... values) {
            return new Rule(Optional.of(List.of(values)), hosts, path, methods, action);
        }

        Rule withHosts(String... values) {
            return new Rule(networks, Optional.of(List.of(values)), path, methods, action);
        }

        Rule withPath(String value) {
            return new Rule(networks, hosts, Optional.of(value), methods, action);
        }

        Rule withMethods(String... values) {
            return new Rule(networks, hosts, path, Optional.of(List.of(values)), action);
        }
    }
}
