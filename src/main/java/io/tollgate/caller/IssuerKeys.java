package io.tollgate.caller;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;

import io.smallrye.mutiny.Uni;
import io.tollgate.http.LogSafe;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * An issuer's public keys: read once from a file, or fetched from its JWKS address without
 * blocking — at start, every {@code jwks-refresh}, and when a token names a key id not seen
 * yet (at most once per {@link #MIN_REFETCH}, so made-up key ids cannot make the gateway
 * hammer the issuer). Only public keys are kept.
 */
final class IssuerKeys {

    private static final Logger LOG = Logger.getLogger(IssuerKeys.class);

    static final Duration MIN_REFETCH = Duration.ofSeconds(30);
    private static final int MAX_JWKS_BYTES = 256 * 1024;

    private final String issuerName;
    private final boolean single;
    private final URI url;
    private final HttpClient client;
    private volatile List<JsonWebKey> keys;
    /** When a token's unknown key id last caused a fetch; fetches at start and on schedule do not count. */
    private long lastUnknownKeyFetchNanos = System.nanoTime() - 2 * MIN_REFETCH.toNanos();
    private Uni<Boolean> inFlight;

    private IssuerKeys(String issuerName, URI url, HttpClient client, List<JsonWebKey> keys, boolean single) {
        this.single = single;
        this.issuerName = issuerName;
        this.url = url;
        this.client = client;
        this.keys = keys;
    }

    /** @throws IllegalArgumentException when the file holds no usable public key */
    static IssuerKeys fromFile(String issuerName, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        boolean keySet = text.startsWith("{");
        return new IssuerKeys(issuerName, null, null, keySet ? publicKeysOf(text) : List.of(pem(text)), !keySet);
    }

    static IssuerKeys fromUrl(String issuerName, Vertx vertx, URI url, Duration refresh) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl("https".equals(url.getScheme()))
                .setConnectTimeout(5_000).setIdleTimeout(30).setMaxPoolSize(1));
        IssuerKeys keys = new IssuerKeys(issuerName, url, client, null, false);
        keys.fetch().subscribe().with(loaded -> {
        }, failure -> {
        });
        vertx.setPeriodic(refresh.toMillis(), id -> keys.fetch().subscribe().with(loaded -> {
        }, failure -> {
        }));
        return keys;
    }

    /**
     * How a token's key is found: by key id in a fetched or file key set; a single PEM key is
     * the issuer's one key, whatever id the token names.
     */
    VerificationKeyResolver resolver(List<JsonWebKey> current) {
        if (single) {
            Key only = ((PublicJsonWebKey) current.get(0)).getPublicKey();
            return (jws, nestingContext) -> only;
        }
        return new JwksVerificationKeyResolver(current);
    }

    /** The keys known now; null for a key set never fetched successfully. */
    List<JsonWebKey> current() {
        return keys;
    }

    boolean fetched() {
        return url != null;
    }

    /**
     * Fetches the key set again for an unknown key id, unless it was fetched moments ago;
     * answers whether a fresh set is now in hand. Concurrent callers share one fetch.
     */
    synchronized Uni<Boolean> refetchForUnknownKey() {
        if (inFlight != null) {
            return inFlight;
        }
        if (url == null || System.nanoTime() - lastUnknownKeyFetchNanos < MIN_REFETCH.toNanos()) {
            return Uni.createFrom().item(false);
        }
        lastUnknownKeyFetchNanos = System.nanoTime();
        return fetch();
    }

    private synchronized Uni<Boolean> fetch() {
        if (inFlight != null) {
            return inFlight;
        }
        inFlight = Uni.createFrom().completionStage(() -> get().toCompletionStage()).map(body -> {
            keys = publicKeysOf(body);
            LOG.debugf("Bearer issuer %s: %d public keys from %s", issuerName, keys.size(), url);
            return true;
        }).onFailure().recoverWithItem(failure -> {
            LOG.warnf("Bearer issuer %s: key set at %s not fetched: %s", issuerName, url,
                    LogSafe.of(failure.getMessage()));
            return false;
        }).eventually(this::fetchDone).memoize().indefinitely();
        return inFlight;
    }

    private synchronized void fetchDone() {
        inFlight = null;
    }

    /** The key set's text; a larger body than {@link #MAX_JWKS_BYTES} is cut off and refused while it arrives. */
    private Future<String> get() {
        return client.request(new RequestOptions().setAbsoluteURI(url.toString()).setMethod(HttpMethod.GET)
                .setTimeout(5_000).putHeader("Accept", "application/json")).compose(request -> request.send()
                .compose(response -> {
                    if (response.statusCode() != 200) {
                        return Future.failedFuture("status " + response.statusCode());
                    }
                    Promise<String> text = Promise.promise();
                    Buffer body = Buffer.buffer();
                    response.handler(chunk -> {
                        if (body.length() + chunk.length() > MAX_JWKS_BYTES) {
                            // Refused first: the reset below fails the response too, with a vaguer reason.
                            text.tryFail("key set larger than " + MAX_JWKS_BYTES + " bytes");
                            request.reset();
                        } else {
                            body.appendBuffer(chunk);
                        }
                    });
                    response.exceptionHandler(text::tryFail);
                    response.endHandler(done -> text.tryComplete(body.toString(StandardCharsets.UTF_8)));
                    return text.future();
                }));
    }

    private static List<JsonWebKey> publicKeysOf(String json) {
        try {
            List<JsonWebKey> found = new ArrayList<>();
            for (JsonWebKey key : new JsonWebKeySet(json).getJsonWebKeys()) {
                boolean forSigning = key.getUse() == null || key.getUse().equals("sig");
                // Only public keys: a symmetric key in a key set would let anyone holding it sign.
                if (key instanceof PublicJsonWebKey && forSigning) {
                    found.add(key);
                }
            }
            if (found.isEmpty()) {
                throw new IllegalArgumentException("the key set holds no public signing key");
            }
            return List.copyOf(found);
        } catch (JoseException e) {
            throw new IllegalArgumentException("not a JSON Web Key Set: " + e.getMessage());
        }
    }

    private static JsonWebKey pem(String text) {
        String base64 = text.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PEM public key (BEGIN PUBLIC KEY) nor a JSON key set");
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                return PublicJsonWebKey.Factory.newPublicJwk(key);
            } catch (Exception tryTheNext) {
                // another algorithm's key
            }
        }
        throw new IllegalArgumentException("the PEM block is not an RSA, EC or Ed25519 public key");
    }
}
