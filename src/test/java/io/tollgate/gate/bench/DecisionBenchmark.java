package io.tollgate.gate.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.tollgate.caller.BearerConfig;
import io.tollgate.caller.BearerTokens;
import io.tollgate.gate.Gate;
import io.tollgate.gate.GatewayConfig;
import io.tollgate.gate.RequestFacts;
import io.tollgate.gate.Verdict;
import io.tollgate.http.HostPattern;
import io.tollgate.policy.AccessConfig;
import io.tollgate.policy.AccessRuleConfig;
import io.tollgate.policy.RequestPolicy;
import io.tollgate.portal.ApplicationHosts;
import io.tollgate.portal.PortalLinks;
import io.tollgate.testing.Configs;

/**
 * The part of the decision every request pays before any store: target screening (readings,
 * normal form), the route among {@code routes} and the access rules among {@code rules},
 * strictest reading wins. Run with bench/decision-jmh.sh (adds -prof gc for the allocation
 * per decision). A session that a replica holds adds one map lookup to this.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {

    @Param({ "10", "100" })
    public int routes;

    @Param({ "10", "100" })
    public int rules;

    private Gate gate;
    private RequestFacts bypass;
    private RequestFacts protectedPage;
    private RequestFacts denied;

    @Setup
    public void setUp() {
        Map<String, GatewayConfig.RouteConfig> config = new LinkedHashMap<>();
        for (int i = 0; i < routes; i++) {
            config.put("app" + i, Configs.route("app" + i + ".example.com", "/", "http://127.0.0.1:" + (10_000 + i),
                    "two_factor", Duration.ofSeconds(30), 8));
        }
        config.put("open", Configs.route("app0.example.com", "/static", "http://127.0.0.1:9999", "bypass",
                Duration.ofSeconds(30), 8));
        List<AccessRuleConfig> accessRules = new ArrayList<>();
        for (int i = 0; i < rules; i++) {
            accessRules.add(rule("deny", "app" + i + ".example.com", "^/admin/" + i + "(/.*)?$"));
        }
        RequestPolicy policy = new RequestPolicy(new AccessConfig() {
            public Optional<List<AccessRuleConfig>> accessRules() {
                return Optional.of(accessRules);
            }

            public Optional<List<String>> trustedProxies() {
                return Optional.empty();
            }
        });
        PortalLinks links = new PortalLinks(Configs.portal(), () -> List.<HostPattern>of());
        BearerTokens noIssuers = new BearerTokens(Map::of, null);
        gate = new Gate(gatewayConfig(config), policy, null, links, noIssuers, null, null, () -> null);
        int last = routes - 1;
        bypass = facts("app0.example.com", "/static/site.css");
        protectedPage = facts("app" + last + ".example.com", "/reports/2026/q3?view=full");
        denied = facts("app" + (Math.min(last, rules - 1)) + ".example.com", "/admin/" + (Math.min(last, rules - 1)) + "/users");
    }

    private static RequestFacts facts(String host, String target) {
        return new RequestFacts("GET", "https", host, host, target, "192.0.2.10", null, null, null, false);
    }

    @Benchmark
    public Verdict bypassRoute() {
        return gate.screen(bypass);
    }

    @Benchmark
    public Verdict protectedRouteUpToTheSession() {
        return gate.screen(protectedPage);
    }

    @Benchmark
    public Verdict deniedByARule() {
        return gate.screen(denied);
    }

    private static AccessRuleConfig rule(String action, String host, String path) {
        return new AccessRuleConfig() {
            public Optional<List<String>> networks() {
                return Optional.empty();
            }

            public Optional<List<String>> hosts() {
                return Optional.of(List.of(host));
            }

            public Optional<String> path() {
                return Optional.of(path);
            }

            public Optional<List<String>> methods() {
                return Optional.empty();
            }

            public String action() {
                return action;
            }
        };
    }

    private static GatewayConfig gatewayConfig(Map<String, GatewayConfig.RouteConfig> routes) {
        return new GatewayConfig() {
            public Map<String, RouteConfig> routes() {
                return routes;
            }

            public IdentityHeadersConfig identityHeaders() {
                throw new UnsupportedOperationException("not read by the decision");
            }
        };
    }
}
