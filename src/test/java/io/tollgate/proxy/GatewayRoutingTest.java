package io.tollgate.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.RawHttp;
import io.tollgate.testing.UpstreamTestResource;

@QuarkusTest
class GatewayRoutingTest {

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void aMalformedAcceptLanguageStillGetsTheGatewaysOwnAnswer() {
        given().header("Host", "nowhere.test").header("Accept-Language", ";;;,,,").get("/x")
                .then().statusCode(404).body(containsString("<html lang=\"en\""));
        given().header("Host", "alpha.test").header("Accept-Language", ";").get("/.tollgate/login")
                .then().statusCode(200);
    }

    @Test
    void exactHostRouteTakesTheRequest() {
        given().header("Host", "alpha.test").get("/page")
                .then().statusCode(200).header("X-Upstream", "alpha").body("uri", equalTo("/page"));
    }

    @Test
    void longerPathPrefixWinsOnTheSameHost() {
        given().header("Host", "alpha.test").get("/api/items")
                .then().statusCode(200).header("X-Upstream", "beta");
        given().header("Host", "alpha.test").get("/api")
                .then().statusCode(200).header("X-Upstream", "beta");
    }

    @Test
    void prefixMatchesWholeSegmentsOnly() {
        given().header("Host", "alpha.test").get("/apis")
                .then().statusCode(200).header("X-Upstream", "alpha");
    }

    @Test
    void hostMatchingIgnoresCaseAndPort() {
        given().header("Host", "ALPHA.Test:8443").get("/x")
                .then().statusCode(200).header("X-Upstream", "alpha");
    }

    @Test
    void wildcardHostTakesSubdomainsButNotTheDomainItself() {
        given().header("Host", "app.wild.test").get("/")
                .then().statusCode(200).header("X-Upstream", "beta");
        given().header("Host", "deep.app.wild.test").get("/")
                .then().statusCode(200).header("X-Upstream", "beta");
        given().header("Host", "wild.test").get("/")
                .then().statusCode(404);
    }

    @Test
    void noRouteGivesA404PageOrJson() {
        given().header("Host", "nothing.test").accept("text/html").get("/")
                .then().statusCode(404).contentType(containsString("text/html"))
                .body(containsString("Page not found"));
        given().header("Host", "nothing.test").accept("application/json").get("/")
                .then().statusCode(404).contentType(containsString("application/json"))
                .body("status", equalTo(404)).body("error", equalTo("not_found"));
    }

    @Test
    void errorPagesSpeakFrenchWhenAsked() {
        given().header("Host", "nothing.test").header("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5").get("/")
                .then().statusCode(404).body(containsString("Page introuvable")).body(containsString("lang=\"fr\""));
    }

    @Test
    void errorPagesSpeakTheLanguageChosenOnThePortalAndOfferAWayBack() {
        given().header("Host", "alpha.test").header("Accept-Language", "en").cookie("tollgate_lang", "fr")
                .get("/private/data")
                .then().statusCode(403).body(containsString("Accès refusé")).body(containsString("lang=\"fr\""))
                .body(containsString("<a class=\"button\" href=\"/\">Aller à la page d&#39;accueil</a>"))
                .body(containsString("href=\"/.tollgate/\">Votre compte</a>"))
                .body(containsString("href=\"/.tollgate/static/portal.css?v="));
        given().header("Host", "alpha.test").header("Accept-Language", "fr").cookie("tollgate_lang", "xx")
                .get("/private/data").then().statusCode(403).body(containsString("Accès refusé"));
    }

    @Test
    void denyRouteAnswers403WithoutCallingTheUpstream() {
        int before = UpstreamTestResource.alpha().requestCount();
        given().header("Host", "alpha.test").get("/private/data")
                .then().statusCode(403).body(containsString("Access denied"));
        assertEquals(before, UpstreamTestResource.alpha().requestCount());
    }

    @Test
    void protectedRouteAnswers401UntilThePortalSignsIn() {
        int before = UpstreamTestResource.alpha().requestCount();
        given().header("Host", "alpha.test").accept("application/json").get("/secure/report")
                .then().statusCode(401).body("error", equalTo("unauthorized"));
        assertEquals(before, UpstreamTestResource.alpha().requestCount());
    }

    @Test
    void portalPrefixIsNeverProxiedOnAnyHost() {
        int before = UpstreamTestResource.alpha().requestCount();
        given().header("Host", "alpha.test").get("/.tollgate/anything").then().statusCode(404);
        // The portal's own home sends a stranger to its sign-in page.
        given().header("Host", "alpha.test").redirects().follow(false).get("/.tollgate").then().statusCode(303)
                .header("Location", Matchers.endsWith("/.tollgate/login"));
        // Dot segments cannot smuggle a portal path to the upstream: the client is sent to the normal form.
        given().header("Host", "alpha.test").urlEncodingEnabled(false).redirects().follow(false)
                .get("/public/%2e%2e/.tollgate/x")
                .then().statusCode(308).header("Location", "/.tollgate/x");
        assertEquals(before, UpstreamTestResource.alpha().requestCount());
    }

    @Test
    void ambiguousRequestTargetsAreRefusedWith400() throws Exception {
        int before = UpstreamTestResource.alpha().requestCount();
        for (String target : new String[] { "/public/..;/private/data", "/public/.;x/private", "/a%2Fb", "/a%5cb",
                "/a%00b", "http://internal.test/page" }) {
            RawHttp.Exchange exchange = RawHttp.send(gateway, "GET " + target
                    + " HTTP/1.1\r\nHost: alpha.test\r\nAccept: application/json\r\nConnection: close\r\n");
            assertEquals(400, exchange.status(), target + " -> " + exchange.head());
            assertTrue(new String(exchange.body(), StandardCharsets.UTF_8).contains("bad_request"), target);
        }
        // A malformed escape or a raw backslash is refused by the HTTP server itself, before any handler runs.
        for (String target : new String[] { "/a%zz", "/a\\b" }) {
            RawHttp.Exchange malformed = RawHttp.send(gateway, "GET " + target
                    + " HTTP/1.1\r\nHost: alpha.test\r\nConnection: close\r\n");
            assertEquals(400, malformed.status(), target + " -> " + malformed.head());
        }
        assertEquals(before, UpstreamTestResource.alpha().requestCount());
    }
}
