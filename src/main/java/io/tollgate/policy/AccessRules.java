package io.tollgate.policy;

import io.tollgate.http.HostPattern;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The validated {@code tollgate.access-rules}, in declaration order: the first rule whose
 * conditions all hold decides. Built once at start-up; every bad value is reported at once.
 */
public final class AccessRules {

    /** RFC 9110 token characters, which is all a method may contain. */
    private static final Pattern HTTP_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final List<AccessRule> rules;

    private AccessRules(List<AccessRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<AccessRule> rules() {
        return rules;
    }

    /**
     * @param clientAddress address literal of the client; when it is not one, rules with
     *        networks do not match
     * @param host lower-case host without port
     * @param path the request path the rules' expressions must match in full
     * @return the action of the first matching rule, empty when none matches
     */
    public Optional<AccessPolicy> decide(String clientAddress, String host, String path, String method) {
        return match(clientAddress, host, path, method).map(AccessRule::action);
    }

    /** Like {@link #decide}, with the rule itself for logging why. */
    public Optional<AccessRule> match(String clientAddress, String host, String path, String method) {
        return match(clientAddress, host, path, method, false);
    }

    /** @param ignoreCase whether the path expressions match letters in any case */
    public Optional<AccessRule> match(String clientAddress, String host, String path, String method,
            boolean ignoreCase) {
        if (rules.isEmpty()) {
            // Asked for every reading of every request's path: nothing to parse when there is no rule.
            return Optional.empty();
        }
        byte[] client = Cidr.parseAddress(clientAddress).orElse(null);
        // Case-insensitive, so a deny for POST is not dodged by sending "post".
        String upperMethod = method.toUpperCase(Locale.ROOT);
        String lowerHost = host.toLowerCase(Locale.ROOT);
        for (AccessRule rule : rules) {
            if (rule.matches(client, lowerHost, path, upperMethod, ignoreCase)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /** @throws ConfigurationException listing every invalid key */
    public static AccessRules from(List<? extends AccessRuleConfig> configs) {
        List<String> problems = new ArrayList<>();
        List<AccessRule> rules = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            AccessRuleConfig config = configs.get(i);
            String key = "tollgate.access-rules[" + i + "]";
            int before = problems.size();
            List<Cidr> networks = parseEach(problems, key + ".networks", config.networks(), Cidr::parse);
            List<HostPattern> hosts = parseEach(problems, key + ".hosts", config.hosts(), HostPattern::parse);
            Pattern path = config.path().map(p -> parse(problems, key + ".path", p, AccessRules::compilePath))
                    .orElse(null);
            List<String> methods = parseEach(problems, key + ".methods", config.methods(), AccessRules::method);
            AccessPolicy action = parse(problems, key + ".action", config.action(), AccessRules::action);
            if (problems.size() == before) {
                rules.add(new AccessRule(i, networks, hosts, path, List.copyOf(new LinkedHashSet<>(methods)),
                        action));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid Tollgate configuration: " + String.join("; ", problems));
        }
        return new AccessRules(rules);
    }

    private static Pattern compilePath(String regex) {
        if (regex.isBlank()) {
            throw new IllegalArgumentException("must not be empty (leave it out to match every path)");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression '" + regex + "': " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
        }
    }

    private static String method(String value) {
        String method = value.trim();
        if (!HTTP_TOKEN.matcher(method).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not an HTTP method");
        }
        return method.toUpperCase(Locale.ROOT);
    }

    private static AccessPolicy action(String value) {
        if (value == null) {
            throw new IllegalArgumentException("missing, must be one of " + AccessPolicy.allowedValues());
        }
        return AccessPolicy.parse(value).orElseThrow(() -> new IllegalArgumentException(
                "'" + value + "' is not one of " + AccessPolicy.allowedValues()));
    }

    private interface Parser<T> {
        T parse(String value);
    }

    /** An absent list is an empty one (no condition); a present but empty list is a mistake. */
    private static <T> List<T> parseEach(List<String> problems, String key, Optional<List<String>> values,
            Parser<T> parser) {
        List<T> parsed = new ArrayList<>();
        if (values.isEmpty()) {
            return parsed;
        }
        if (values.get().isEmpty()) {
            problems.add(key + ": must list at least one value (leave it out to match every request)");
        }
        for (String value : values.get()) {
            T result = parse(problems, key, value, parser);
            if (result != null) {
                parsed.add(result);
            }
        }
        return parsed;
    }

    private static <T> T parse(List<String> problems, String key, String value, Parser<T> parser) {
        try {
            return parser.parse(value);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
            return null;
        }
    }
}
