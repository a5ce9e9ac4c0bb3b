package io.tollgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * The tests' bearer-token issuer {@value #ISSUER}: an RSA key pair kept in {@code target/}, so
 * that the test resource that configures the gateway and the tests that mint tokens (which may
 * live in different class loaders) use the same keys.
 */
public final class TestTokens {

    public static final String ISSUER = "https://issuer.tollgate.test";
    public static final String AUDIENCE = "tollgate-tests";

    private static final Path DIRECTORY = Path.of("target", "test-issuer");
    private static KeyPair keys;

    private TestTokens() {
    }

    /** The PEM file of the public key, for {@code tollgate.bearer.issuers.test.public-key-location}. */
    public static synchronized Path publicKeyFile() {
        keys();
        return DIRECTORY.resolve("public.pem").toAbsolutePath();
    }

    /** A valid token for {@code subject} in {@code groups}, expiring in five minutes. */
    public static String mint(String subject, String... groups) {
        JwtClaims claims = claims(subject, Duration.ofMinutes(5));
        claims.setStringListClaim("groups", List.of(groups));
        claims.setClaim("email", subject + "@callers.test");
        claims.setClaim("name", "Caller " + subject);
        return sign(claims);
    }

    /** Standard claims: issuer, audience, subject, issued now, expiring after {@code lifetime} (negative: expired). */
    public static JwtClaims claims(String subject, Duration lifetime) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(subject);
        claims.setIssuedAtToNow();
        claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(Instant.now().plus(lifetime).getEpochSecond()));
        return claims;
    }

    /** Signed RS256 with the tests' issuer key. */
    public static String sign(JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys().getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized KeyPair keys() {
        if (keys != null) {
            return keys;
        }
        try {
            Path privateFile = DIRECTORY.resolve("private.der");
            Path publicFile = DIRECTORY.resolve("public.der");
            if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
                Files.createDirectories(DIRECTORY);
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Path tmpPrivate = Files.createTempFile(DIRECTORY, "private", ".tmp");
                Path tmpPublic = Files.createTempFile(DIRECTORY, "public", ".tmp");
                Files.write(tmpPrivate, pair.getPrivate().getEncoded());
                Files.write(tmpPublic, pair.getPublic().getEncoded());
                Files.move(tmpPublic, publicFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmpPrivate, privateFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicFile)));
            PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile)));
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(publicKey.getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            Files.writeString(DIRECTORY.resolve("public.pem"), pem);
            keys = new KeyPair(publicKey, privateKey);
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
