package io.tollgate.portal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.configuration.ConfigurationException;

import io.tollgate.http.HostPattern;
import io.tollgate.http.PathPrefix;

/**
 * Addresses of portal pages as browsers see them (the configured prefix, and the portal host if
 * one is set), and the rule for return addresses: {@code rd} is followed only to a path on
 * the same host, or to a host that a route names (wildcards included, {@code *} excepted) or
 * the portal host. Anything else is dropped and the user lands on the portal's home page.
 */
@ApplicationScoped
public class PortalLinks {

    private static final int MAX_RD_LENGTH = 4096;

    private final String prefix;
    private final Optional<String> portalHost;
    private final List<HostPattern> routeHosts;

    public PortalLinks(PortalConfig config, ApplicationHosts applications) {
        this.prefix = validPrefix(config.pathPrefix());
        this.portalHost = config.host().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty());
        this.routeHosts = applications.patterns();
    }

    private static String validPrefix(String configured) {
        String prefix;
        try {
            prefix = PathPrefix.normalize(configured);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Invalid Tollgate configuration: tollgate.portal.path-prefix: "
                    + e.getMessage());
        }
        if (prefix.equals("/")) {
            throw new ConfigurationException("Invalid Tollgate configuration: tollgate.portal.path-prefix: "
                    + "must not be / (the portal would hide every application)");
        }
        return prefix;
    }

    /** The public prefix of the portal's pages, validated. */
    public String prefix() {
        return prefix;
    }

    /** The configured portal host ({@code host} or {@code host:port}), if any. */
    public Optional<String> portalHost() {
        return portalHost;
    }

    /** A portal page on the current host, with the return address if any. */
    public String page(String name, String rd) {
        return prefix + "/" + name + (rd == null ? "" : "?rd=" + Page.encode(rd));
    }

    /** Where the gateway sends a browser that must sign in: the portal host if configured, else this host. */
    public String signIn(String scheme, String rd) {
        String path = page("login", rd);
        return portalHost.map(host -> scheme + "://" + host + path).orElse(path);
    }

    /**
     * The return address if it may be followed from a page served on {@code requestHost} over
     * {@code requestScheme}: a path that no browser reads as another host's (neither {@code //}
     * nor {@code /\}, also percent-encoded), or an http(s) URL without user info, on an allowed
     * host, not downgraded from https to http, and on the scheme's own port, the page's or the
     * portal host's.
     */
    public Optional<String> safeTarget(String rd, String requestHost, String requestScheme) {
        if (rd == null || rd.isBlank() || rd.length() > MAX_RD_LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < rd.length(); i++) {
            char c = rd.charAt(i);
            if (c < 0x21 || c == 0x7f || c == '\\') {
                return Optional.empty();
            }
        }
        if (rd.startsWith("/")) {
            return startsLikeAnotherHost(rd) ? Optional.empty() : Optional.of(rd);
        }
        try {
            URI uri = new URI(rd);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null || (scheme.equals("http") && "https".equals(requestScheme))) {
                return Optional.empty();
            }
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            return allowedHost(host, hostOnly(requestHost)) && allowedPort(uri, scheme, requestHost, requestScheme)
                    ? Optional.of(rd) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** {@code //host}, {@code /\host} and their percent-encoded spellings ({@code /%2F}, {@code /%5C}). */
    private static boolean startsLikeAnotherHost(String path) {
        String second = path.length() > 1 ? path.substring(1, 2) : "";
        if (second.equals("/")) {
            return true;
        }
        if (path.length() >= 4 && path.charAt(1) == '%') {
            String escaped = path.substring(2, 4).toUpperCase(Locale.ROOT);
            return escaped.equals("2F") || escaped.equals("5C");
        }
        return false;
    }

    /**
     * The URL's port is its scheme's own, the page's, or the portal host's: the ports the
     * gateway is reached on. Another one may be another service on the same host.
     */
    private boolean allowedPort(URI uri, String scheme, String requestHost, String requestScheme) {
        int port = uri.getPort() < 0 ? defaultPort(scheme) : uri.getPort();
        if (port == defaultPort(scheme) || port == portOf(requestHost, requestScheme)) {
            return true;
        }
        return portalHost.filter(h -> portOf(h, scheme) == port).isPresent();
    }

    private static int portOf(String hostAndPort, String scheme) {
        String h = hostAndPort == null ? "" : hostAndPort;
        int colon = h.lastIndexOf(':');
        if (colon > 0 && colon > h.lastIndexOf(']')) {
            try {
                return Integer.parseInt(h.substring(colon + 1));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return defaultPort(scheme);
    }

    private static int defaultPort(String scheme) {
        return "http".equals(scheme) ? 80 : 443;
    }

    private boolean allowedHost(String host, String requestHost) {
        if (host.equals(requestHost) || portalHost.map(PortalLinks::hostOnly).filter(host::equals).isPresent()) {
            return true;
        }
        return routeHosts.stream().anyMatch(pattern -> pattern.matches(host));
    }

    private static String hostOnly(String hostAndPort) {
        if (hostAndPort == null) {
            return "";
        }
        String h = hostAndPort.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(1, end) : h;
        }
        int colon = h.indexOf(':');
        return colon >= 0 ? h.substring(0, colon) : h;
    }
}
