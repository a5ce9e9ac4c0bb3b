package io.tollgate.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Bearer-token verification against real key material: a PEM file, and a JWKS served over
 * HTTP that rotates. Every way a token can be wrong is refused, with a reason that names no
 * part of the token.
 */
class BearerTokensTest {

    private static final String ISSUER = "https://id.example.test";
    private static Vertx vertx;
    private static HttpServer jwksServer;
    private static final AtomicReference<String> published = new AtomicReference<>();
    private static final AtomicInteger fetches = new AtomicInteger();
    private static RsaJsonWebKey key;
    private static RsaJsonWebKey stranger;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId("k1");
        stranger = RsaJwkGenerator.generateJwk(2048);
        stranger.setKeyId("k1");
        published.set(new JsonWebKeySet(key).toJson());
        jwksServer = vertx.createHttpServer().requestHandler(request -> {
            fetches.incrementAndGet();
            request.response().putHeader("Content-Type", "application/json").end(published.get());
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static BearerTokens pemIssuer(String userClaim) throws Exception {
        Path pem = dir.resolve("issuer-" + userClaim + ".pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(key.getPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n",
                StandardCharsets.UTF_8);
        return new BearerTokens(config(ISSUER, null, pem.toString(), List.of("api"), userClaim), vertx);
    }

    private static BearerTokens jwksIssuer(String url) {
        return new BearerTokens(config(ISSUER, url, null, List.of("api"), "sub"), vertx);
    }

    private static String jwksUrl() {
        return "http://127.0.0.1:" + jwksServer.actualPort() + "/jwks";
    }

    private static JwtClaims claims() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience("api");
        claims.setSubject("svc-1");
        claims.setClaim("preferred_username", "service.one");
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setStringListClaim("groups", "ops", "ci");
        return claims;
    }

    private static String sign(JwtClaims claims, RsaJsonWebKey with, String algorithm) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(with.getPrivateKey());
        jws.setKeyIdHeaderValue(with.getKeyId());
        jws.setAlgorithmHeaderValue(algorithm);
        return jws.getCompactSerialization();
    }

    private static CallerCheck check(BearerTokens tokens, String token) {
        return tokens.verify(token).await().atMost(Duration.ofSeconds(10));
    }

    private static String invalidReason(BearerTokens tokens, String token) {
        return assertInstanceOf(CallerCheck.Invalid.class, check(tokens, token)).reason();
    }

    @Test
    void aValidTokenNamesItsCallerFromTheConfiguredClaims() throws Exception {
        Caller caller = assertInstanceOf(CallerCheck.Valid.class,
                check(pemIssuer("preferred_username"), sign(claims(), key, "RS256"))).caller();
        assertEquals("service.one", caller.user());
        assertEquals(List.of("ops", "ci"), caller.groups());
        assertEquals("bearer", caller.method());
        JwtClaims oneGroup = claims();
        oneGroup.setClaim("groups", "ops");
        assertEquals(List.of("ops"), assertInstanceOf(CallerCheck.Valid.class,
                check(pemIssuer("sub"), sign(oneGroup, key, "PS256"))).caller().groups());
    }

    @Test
    void aVerifiedTokenIsRememberedButNeverPastItsExpiry() throws Exception {
        BearerTokens tokens = pemIssuer("sub");
        JwtClaims shortLived = claims();
        shortLived.setExpirationTime(NumericDate.fromMilliseconds(System.currentTimeMillis() + 1500));
        String token = sign(shortLived, key, "RS256");
        assertInstanceOf(CallerCheck.Valid.class, check(tokens, token));
        java.util.concurrent.CompletableFuture<CallerCheck> again = tokens.verify(token).subscribeAsCompletionStage();
        assertTrue(again.isDone(), "a token that verified is answered at once, with no signature check on a worker");
        assertInstanceOf(CallerCheck.Valid.class, again.get());
        Thread.sleep(1600);
        // Past its expiry the token is checked again, and the issuer's 30 s leeway still admits it.
        assertInstanceOf(CallerCheck.Valid.class, check(tokens, token));
        JwtClaims expired = claims();
        expired.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 120));
        assertEquals("expired", invalidReason(tokens, sign(expired, key, "RS256")));
    }

    @Test
    void everyWrongTokenIsRefusedWithAReasonThatQuotesNothingOfIt() throws Exception {
        BearerTokens tokens = pemIssuer("sub");
        JwtClaims expired = claims();
        expired.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() - 120));
        assertEquals("expired", invalidReason(tokens, sign(expired, key, "RS256")));
        JwtClaims early = claims();
        early.setNotBefore(NumericDate.fromSeconds(NumericDate.now().getValue() + 600));
        early.setExpirationTimeMinutesInTheFuture(30);
        assertEquals("not yet valid", invalidReason(tokens, sign(early, key, "RS256")));
        JwtClaims otherAudience = claims();
        otherAudience.setAudience("another-api");
        assertEquals("wrong audience", invalidReason(tokens, sign(otherAudience, key, "RS256")));
        JwtClaims otherIssuer = claims();
        otherIssuer.setIssuer("https://evil.test");
        assertEquals("no configured issuer", invalidReason(tokens, sign(otherIssuer, key, "RS256")));
        JwtClaims noExpiry = claims();
        noExpiry.unsetClaim("exp");
        assertEquals("no expiry", invalidReason(tokens, sign(noExpiry, key, "RS256")));
        JwtClaims noSubject = claims();
        noSubject.unsetClaim("sub");
        assertEquals("no user claim", invalidReason(tokens, sign(noSubject, key, "RS256")));
        assertEquals("bad signature", invalidReason(tokens, sign(claims(), stranger, "RS256")));
        assertEquals("not a compact signed JWT", invalidReason(tokens, "x".repeat(9000)));
        assertEquals("not a compact signed JWT", invalidReason(tokens, "a.b"));
        assertEquals("unreadable", invalidReason(tokens, "bm90IGpzb24.e30.sig"));
        assertEquals("no configured issuer", invalidReason(tokens, "e30.e30.sig"));
    }

    @Test
    void unsignedTokensAndHmacSignedWithThePublicKeyAreRefused() throws Exception {
        BearerTokens tokens = pemIssuer("sub");
        JsonWebSignature none = new JsonWebSignature();
        none.setPayload(claims().toJson());
        none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        none.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        String unsigned = none.getCompactSerialization();
        assertInstanceOf(CallerCheck.Invalid.class, check(tokens, unsigned));
        // The classic confusion: HS256 keyed with the issuer's public key, which anyone can have.
        JsonWebSignature hmac = new JsonWebSignature();
        hmac.setPayload(claims().toJson());
        hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        hmac.setKey(new HmacKey(key.getPublicKey().getEncoded()));
        assertInstanceOf(CallerCheck.Invalid.class, check(tokens, hmac.getCompactSerialization()));
    }

    @Test
    void aRotatedKeyIsFetchedOnceForItsNewKeyIdAndMadeUpIdsDoNotHammerTheIssuer() throws Exception {
        published.set(new JsonWebKeySet(key).toJson());
        BearerTokens tokens = jwksIssuer(jwksUrl());
        assertInstanceOf(CallerCheck.Valid.class, check(tokens, sign(claims(), key, "RS256")));
        int before = fetches.get();
        RsaJsonWebKey next = RsaJwkGenerator.generateJwk(2048);
        next.setKeyId("k2");
        published.set(new JsonWebKeySet(key, next).toJson());
        assertInstanceOf(CallerCheck.Valid.class, check(tokens, sign(claims(), next, "RS256")));
        assertEquals(before + 1, fetches.get(), "one fetch for the new key id");
        RsaJsonWebKey madeUp = RsaJwkGenerator.generateJwk(2048);
        for (int i = 0; i < 5; i++) {
            madeUp.setKeyId("made-up-" + i);
            assertEquals("unknown key", invalidReason(tokens, sign(claims(), madeUp, "RS256")));
        }
        assertEquals(before + 1, fetches.get(), "made-up key ids fetch nothing within " + IssuerKeys.MIN_REFETCH);
    }

    @Test
    void aKeySetFileIsReadByKeyIdAndItsSymmetricKeysAreIgnored() throws Exception {
        Path file = dir.resolve("jwks.json");
        org.jose4j.jwk.OctetSequenceJsonWebKey shared = new org.jose4j.jwk.OctetSequenceJsonWebKey(
                new HmacKey(new byte[32]));
        shared.setKeyId("shared");
        Files.writeString(file, new JsonWebKeySet(key, shared).toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.INCLUDE_SYMMETRIC));
        BearerTokens tokens = new BearerTokens(config(ISSUER, null, file.toString(), List.of("api"), "sub"), vertx);
        assertInstanceOf(CallerCheck.Valid.class, check(tokens, sign(claims(), key, "RS256")));
        assertEquals("bad signature", invalidReason(tokens, sign(claims(), stranger, "RS256")));
        JsonWebSignature hmac = new JsonWebSignature();
        hmac.setPayload(claims().toJson());
        hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        hmac.setKeyIdHeaderValue("shared");
        hmac.setKey(new HmacKey(new byte[32]));
        assertInstanceOf(CallerCheck.Invalid.class, check(tokens, hmac.getCompactSerialization()));
    }

    @Test
    void anOversizedKeySetIsRefusedWhileItArrives() throws Exception {
        HttpServer huge = vertx.createHttpServer().requestHandler(request -> {
            request.response().setChunked(true).putHeader("Content-Type", "application/json");
            // Far more than the limit, in chunks: the gateway must stop reading, not buffer it all.
            for (int i = 0; i < 64; i++) {
                request.response().write("x".repeat(16 * 1024));
            }
            request.response().end();
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        try (io.tollgate.testing.LogCapture log = io.tollgate.testing.LogCapture.of(IssuerKeys.class)) {
            BearerTokens tokens = jwksIssuer("http://127.0.0.1:" + huge.actualPort() + "/jwks");
            assertInstanceOf(CallerCheck.Unavailable.class, check(tokens, sign(claims(), key, "RS256")));
            assertTrue(String.join("\n", log.lines()).contains("key set larger than 262144 bytes"), log.lines().toString());
        } finally {
            huge.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Test
    void anIssuerWhoseKeysCannotBeFetchedFailsClosed() throws Exception {
        BearerTokens tokens = jwksIssuer("http://127.0.0.1:9/jwks");
        assertInstanceOf(CallerCheck.Unavailable.class, check(tokens, sign(claims(), key, "RS256")));
    }

    @Test
    void onlyTheBearerSchemeIsRead() {
        assertEquals("abc.def.ghi", BearerTokens.tokenOf("bearer abc.def.ghi"));
        assertNull(BearerTokens.tokenOf("Basic dXNlcjpwYXNz"));
        assertNull(BearerTokens.tokenOf("Bearer"));
        assertNull(BearerTokens.tokenOf(null));
    }

    @Test
    void badIssuerSettingsStopStartUpNamingEachKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new BearerTokens(
                new Config(Map.of("corp", issuer(" ", null, null, List.of(), "sub", List.of("HS256", "none")))),
                vertx));
        assertTrue(e.getMessage().contains("tollgate.bearer.issuers.corp.issuer"), e.getMessage());
        assertTrue(e.getMessage().contains("'HS256' is not one of"), e.getMessage());
        assertTrue(e.getMessage().contains("'none' is not one of"), e.getMessage());
        assertTrue(e.getMessage().contains("exactly one of jwks-url and public-key-location"), e.getMessage());
        assertTrue(e.getMessage().contains("tollgate.bearer.issuers.corp.audiences: required"), e.getMessage());
        ConfigurationException clear = assertThrows(ConfigurationException.class, () -> new BearerTokens(
                config(ISSUER, "http://keys.example.test/jwks", null, List.of("api"), "sub"), vertx));
        assertTrue(clear.getMessage().contains("jwks-url: must be https"), clear.getMessage());
    }

    private record Config(Map<String, IssuerConfig> issuers) implements BearerConfig {
    }

    private static BearerConfig config(String iss, String url, String file, List<String> audiences, String userClaim) {
        return new Config(Map.of("main", issuer(iss, url, file, audiences, userClaim,
                List.of("RS256", "PS256", "ES256"))));
    }

    private static BearerConfig.IssuerConfig issuer(String iss, String url, String file, List<String> audiences,
            String userClaim, List<String> algorithms) {
        return new BearerConfig.IssuerConfig() {
            public String issuer() {
                return iss;
            }

            public Optional<String> jwksUrl() {
                return Optional.ofNullable(url);
            }

            public Optional<String> publicKeyLocation() {
                return Optional.ofNullable(file);
            }

            public Optional<List<String>> audiences() {
                return audiences.isEmpty() ? Optional.empty() : Optional.of(audiences);
            }

            public List<String> algorithms() {
                return algorithms;
            }

            public Duration clockSkew() {
                return Duration.ofSeconds(30);
            }

            public String userClaim() {
                return userClaim;
            }

            public String groupsClaim() {
                return "groups";
            }

            public String emailClaim() {
                return "email";
            }

            public String nameClaim() {
                return "name";
            }

            public Duration jwksRefresh() {
                return Duration.ofMinutes(10);
            }
        };
    }
}
