package io.tollgate.caller;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.lang.UnresolvableKeyException;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Verifies {@code Authorization: Bearer} JWTs against the configured issuers: the issuer named
 * in the token picks the keys, audience, algorithms and claims; the signature is checked on a
 * worker thread (public-key maths stays off the event loop). Nothing of a token reaches the
 * logs: reasons are jose4j's error codes, never its messages, which quote claims.
 */
@Startup // a bad issuer stops start-up, not the first request
@ApplicationScoped
public class BearerTokens {

    private static final Logger LOG = Logger.getLogger(BearerTokens.class);

    /** Larger tokens are refused unread. */
    static final int MAX_TOKEN_LENGTH = 8192;

    /** A compact JWS: three base64url parts. */
    private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    /** Reads the header and claims without judging them, to learn the issuer. */
    private static final JwtConsumer UNVERIFIED = new JwtConsumerBuilder().setSkipAllValidators()
            .setDisableRequireSignature().setSkipSignatureVerification().build();

    private final Map<String, Issuer> byIssuer = new HashMap<>();
    private final Vertx vertx;
    /**
     * Tokens that verified, by their text, until their expiry or {@link #REMEMBER_FOR}: a
     * caller sends the same token on every request, and its signature need not be checked
     * again. Bounded; emptied when full.
     */
    private final Map<String, Remembered> verified = new java.util.concurrent.ConcurrentHashMap<>();

    static final java.time.Duration REMEMBER_FOR = java.time.Duration.ofSeconds(60);
    static final int REMEMBER_AT_MOST = 10_000;
    /** Longer tokens are checked every time: the memory the remembered ones take stays bounded. */
    static final int REMEMBERED_TOKEN_LENGTH = 2048;

    private record Remembered(Caller caller, long untilMillis) {
    }

    public BearerTokens(BearerConfig config, Vertx vertx) {
        this.vertx = vertx;
        config.issuers().forEach((name, issuerConfig) -> {
            Issuer issuer;
            try {
                issuer = Issuer.of(name, issuerConfig, vertx);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("Invalid Tollgate configuration: " + e.getMessage());
            }
            Issuer other = byIssuer.putIfAbsent(issuer.issuer, issuer);
            if (other != null) {
                throw new ConfigurationException("Invalid Tollgate configuration: tollgate.bearer.issuers." + name
                        + ".issuer: the same as tollgate.bearer.issuers." + other.name);
            }
            LOG.infof("Bearer tokens from %s accepted (issuer %s)", issuer.issuer, name);
        });
    }

    /** Whether any issuer is configured; without one, bearer tokens are left to the upstream. */
    public boolean enabled() {
        return !byIssuer.isEmpty();
    }

    /** The token of an {@code Authorization: Bearer} header (RFC 6750 §2.1), or null for any other header. */
    public static String tokenOf(String authorization) {
        if (authorization == null || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    /**
     * The header and claims of a compact JWT, not yet verified, to find its issuer and key;
     * null for anything that is not one (whatever the library throws at odd input).
     */
    static JwtContext readUnverified(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH || !COMPACT.matcher(token).matches()) {
            return null;
        }
        try {
            return UNVERIFIED.process(token);
        } catch (InvalidJwtException | RuntimeException e) {
            return null;
        }
    }

    /** The caller of a token verified a moment ago and not expired since; null when it must be verified. */
    public Caller rememberedOrNull(String token) {
        Remembered known = verified.get(token);
        if (known == null) {
            return null;
        }
        if (System.currentTimeMillis() < known.untilMillis()) {
            return known.caller();
        }
        verified.remove(token);
        return null;
    }

    public Uni<CallerCheck> verify(String token) {
        Caller known = rememberedOrNull(token);
        if (known != null) {
            return Uni.createFrom().item(new CallerCheck.Valid(known));
        }
        if (token.length() > MAX_TOKEN_LENGTH || !COMPACT.matcher(token).matches()) {
            return invalid("not a compact signed JWT");
        }
        JwtContext context = readUnverified(token);
        if (context == null) {
            return invalid("unreadable");
        }
        Issuer issuer;
        try {
            String iss = context.getJwtClaims().getIssuer();
            issuer = iss == null ? null : byIssuer.get(iss);
        } catch (MalformedClaimException e) {
            issuer = null;
        }
        if (issuer == null) {
            return invalid("no configured issuer");
        }
        Issuer from = issuer;
        List<JsonWebKey> keys = issuer.keys.current();
        if (keys == null) {
            // Not fetched yet (just started, or the issuer was down): wait for the fetch, else fail closed.
            return from.keys.refetchForUnknownKey().flatMap(fetched -> from.keys.current() == null
                    ? Uni.createFrom().item((CallerCheck) new CallerCheck.Unavailable("key set not fetched"))
                    : check(from, context, from.keys.current(), false));
        }
        return check(issuer, context, keys, true).invoke(result -> remember(token, context, result));
    }

    /** A token that verified is remembered until it expires (within the clock skew's leeway), at most a minute. */
    private void remember(String token, JwtContext context, CallerCheck result) {
        if (!(result instanceof CallerCheck.Valid valid) || token.length() > REMEMBERED_TOKEN_LENGTH) {
            return;
        }
        try {
            long expiresMillis = context.getJwtClaims().getExpirationTime().getValueInMillis();
            long until = Math.min(expiresMillis, System.currentTimeMillis() + REMEMBER_FOR.toMillis());
            if (verified.size() >= REMEMBER_AT_MOST) {
                verified.clear();
            }
            verified.put(token, new Remembered(valid.caller(), until));
        } catch (MalformedClaimException | RuntimeException e) {
            // Not remembered: checked again next time.
        }
    }

    private Uni<CallerCheck> check(Issuer issuer, JwtContext context, List<JsonWebKey> keys, boolean mayRefetch) {
        return onWorker(() -> verifyNow(issuer, context, keys)).flatMap(result -> {
            if (result == UNKNOWN_KEY && mayRefetch && issuer.keys.fetched()) {
                return issuer.keys.refetchForUnknownKey().flatMap(fetched -> fetched
                        ? check(issuer, context, issuer.keys.current(), false)
                        : invalid("unknown key"));
            }
            return Uni.createFrom().item(result == UNKNOWN_KEY ? new CallerCheck.Invalid("unknown key") : result);
        });
    }

    private static final CallerCheck UNKNOWN_KEY = new CallerCheck.Invalid("unknown key");

    private static CallerCheck verifyNow(Issuer issuer, JwtContext context, List<JsonWebKey> keys) {
        try {
            issuer.consumer(keys).processContext(context);
            JwtClaims claims = context.getJwtClaims();
            Caller caller = issuer.callerOf(claims);
            return caller == null ? new CallerCheck.Invalid("no user claim") : new CallerCheck.Valid(caller);
        } catch (InvalidJwtException e) {
            if (hasCause(e, UnresolvableKeyException.class)) {
                return UNKNOWN_KEY;
            }
            return new CallerCheck.Invalid(reason(e));
        } catch (MalformedClaimException e) {
            return new CallerCheck.Invalid("malformed claim");
        } catch (RuntimeException e) {
            return new CallerCheck.Invalid("unverifiable");
        }
    }

    private static String reason(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "expired";
        }
        for (int code : new int[] { ErrorCodes.SIGNATURE_INVALID, ErrorCodes.SIGNATURE_MISSING,
                ErrorCodes.AUDIENCE_INVALID, ErrorCodes.AUDIENCE_MISSING, ErrorCodes.ISSUER_INVALID,
                ErrorCodes.NOT_YET_VALID, ErrorCodes.EXPIRATION_MISSING }) {
            if (e.hasErrorCode(code)) {
                return switch (code) {
                    case ErrorCodes.SIGNATURE_INVALID -> "bad signature";
                    case ErrorCodes.SIGNATURE_MISSING -> "unsigned";
                    case ErrorCodes.AUDIENCE_INVALID, ErrorCodes.AUDIENCE_MISSING -> "wrong audience";
                    case ErrorCodes.ISSUER_INVALID -> "wrong issuer";
                    case ErrorCodes.NOT_YET_VALID -> "not yet valid";
                    default -> "no expiry";
                };
            }
        }
        String algorithm = e.getJwtContext() == null || e.getJwtContext().getJoseObjects().isEmpty() ? ""
                : String.valueOf(e.getJwtContext().getJoseObjects().get(0).getAlgorithmHeaderValue());
        // The algorithm is the token's own text: only its letters and digits, shortened, reach a log.
        String shown = algorithm.replaceAll("[^A-Za-z0-9]", "");
        return "refused (alg " + shown.substring(0, Math.min(shown.length(), 12)).toLowerCase(Locale.ROOT) + ")";
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private <T> Uni<T> onWorker(java.util.concurrent.Callable<T> work) {
        return Uni.createFrom().completionStage(() -> vertx.executeBlocking(work, false).toCompletionStage());
    }

    private static Uni<CallerCheck> invalid(String reason) {
        return Uni.createFrom().item(new CallerCheck.Invalid(reason));
    }
}
