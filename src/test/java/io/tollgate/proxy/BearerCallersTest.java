package io.tollgate.proxy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.tollgate.testing.LogCapture;
import io.tollgate.testing.TestTokens;

/**
 * Scripts and services with a JWT from a configured issuer reach two-factor routes without a
 * session or a code; a token that does not verify is a 401 with a Bearer challenge, never a
 * sign-in page; routes choose whether they take tokens and from which groups.
 */
@QuarkusTest
class BearerCallersTest {

    private static Response get(String path, String token) {
        return given().redirects().follow(false).header("Host", "alpha.test")
                .header("Authorization", "Bearer " + token).get(path);
    }

    @Test
    void aValidTokenPassesATwoFactorRouteAsItsSubject() {
        Response r = get("/secure/report", TestTokens.mint("build-bot", "ci", "ops"));
        assertEquals(200, r.statusCode(), r.asString());
        JsonPath seen = r.jsonPath();
        assertEquals("build-bot", seen.getString("headers.remote-user"));
        assertEquals("ci,ops", seen.getString("headers.remote-groups"));
        assertEquals("bearer", seen.getString("headers.remote-auth-method"));
        assertEquals("build-bot@callers.test", seen.getString("headers.remote-email"));
        assertEquals("Caller build-bot", seen.getString("headers.remote-name"));
    }

    @Test
    void aTokenThatDoesNotVerifyIsA401WithABearerChallengeAndNoRedirect() {
        String valid = TestTokens.mint("build-bot");
        String[] refused = { valid.substring(0, valid.length() - 4) + "AAAA", "not-a-jwt", valid + ".extra",
                TestTokens.sign(TestTokens.claims("late-bot", Duration.ofMinutes(-5))) };
        for (String token : refused) {
            Response r = get("/secure/report", token);
            assertEquals(401, r.statusCode(), token);
            assertEquals("Bearer error=\"invalid_token\"", r.header("WWW-Authenticate"));
            assertNull(r.header("Location"));
        }
    }

    @Test
    void aRouteThatLeavesTokensToItsUpstreamSignsInWithASessionAndPassesTheHeaderOn() {
        Response r = get("/own-tokens/x", TestTokens.mint("build-bot"));
        assertEquals(302, r.statusCode(), "the token is not the gateway's business here");
    }

    @Test
    void aRouteForSomeGroupsRefusesACallerInNoneOfThem() {
        assertEquals(403, get("/ops/deploy", TestTokens.mint("intern-bot", "interns")).statusCode());
        assertEquals(200, get("/ops/deploy", TestTokens.mint("sre-bot", "sre")).statusCode());
    }

    @Test
    void deniedAndBypassRoutesAreDecidedBeforeAnyToken() {
        assertEquals(403, get("/private/x", TestTokens.mint("build-bot")).statusCode());
        assertEquals(200, get("/", "garbage").statusCode(), "a bypass route does not judge credentials");
    }

    @Test
    void noTokenEverReachesTheLog() {
        String token = TestTokens.mint("quiet-bot");
        try (LogCapture log = LogCapture.everythingWithDebug()) {
            get("/secure/x", token.substring(0, token.length() - 2) + "xx");
            get("/secure/x", token);
            assertTrue(log.text().contains("bad signature"), "the refusal is logged, with its reason:\n" + log.text());
            assertFalse(log.text().contains(token.substring(0, 40)), "a token's beginning was logged");
            assertFalse(log.text().contains(token.substring(token.length() - 30)), "a token's signature was logged");
        }
    }
}
