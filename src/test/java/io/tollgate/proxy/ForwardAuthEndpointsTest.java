package io.tollgate.proxy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tollgate.testing.LoopbackIsATrustedProxy;

/**
 * The forward-auth endpoints' own rules, asked by a trusted proxy: every forwarding header is
 * required and checked, answers follow each proxy's conventions, the return address is built
 * from the forwarded request, and the identity headers are always answered.
 */
@QuarkusTest
@TestProfile(LoopbackIsATrustedProxy.class)
class ForwardAuthEndpointsTest {

    private static final String FORWARD_AUTH = "/.tollgate/api/authz/forward-auth";
    private static final String AUTH_REQUEST = "/.tollgate/api/authz/auth-request";

    private static Map<String, String> forwarded(String method, String proto, String host, String uri) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Forwarded-Method", method);
        headers.put("X-Forwarded-Proto", proto);
        headers.put("X-Forwarded-Host", host);
        headers.put("X-Forwarded-Uri", uri);
        headers.put("X-Forwarded-For", "192.0.2.10");
        return headers;
    }

    private static RequestSpecification ask(Map<String, String> headers) {
        RequestSpecification spec = given().redirects().follow(false).urlEncodingEnabled(false);
        headers.forEach(spec::header);
        return spec;
    }

    @Test
    void aBrowserIsSentToThePortalWithTheForwardedRequestAsItsReturnAddress() {
        Response r = ask(forwarded("GET", "https", "Alpha.Test:8443", "/secure/page?x=1&y=%C3%A9")).get(FORWARD_AUTH);
        assertEquals(302, r.statusCode());
        assertEquals("/.tollgate/login?rd=https%3A%2F%2Falpha.test%3A8443%2Fsecure%2Fpage%3Fx%3D1%26y%3D%25C3%25A9",
                r.header("Location"));
        assertEquals("no-store", r.header("Cache-Control"));
    }

    @Test
    void aFormPostedWithoutASessionIsSentToThePortalWithSeeOther() {
        assertEquals(303, ask(forwarded("POST", "https", "alpha.test", "/secure/form")).get(FORWARD_AUTH).statusCode());
    }

    @Test
    void scriptsGetA401InsteadOfARedirect() {
        Response json = ask(forwarded("GET", "https", "alpha.test", "/secure/api")).header("Accept", "application/json")
                .get(FORWARD_AUTH);
        assertEquals(401, json.statusCode());
        assertEquals("https://alpha.test/.tollgate/login?rd=https%3A%2F%2Falpha.test%2Fsecure%2Fapi",
                json.header("Location"));
        Response xhr = ask(forwarded("GET", "https", "alpha.test", "/secure/api"))
                .header("X-Requested-With", "XMLHttpRequest").get(FORWARD_AUTH);
        assertEquals(401, xhr.statusCode());
    }

    @Test
    void everyMissingOrMalformedForwardingHeaderIs400NeverAllowed() {
        for (String name : new String[] { "X-Forwarded-Method", "X-Forwarded-Proto", "X-Forwarded-Host",
                "X-Forwarded-Uri", "X-Forwarded-For" }) {
            // A bypass route: the answer would be 200 if the missing header were guessed.
            Map<String, String> headers = forwarded("GET", "https", "alpha.test", "/");
            headers.remove(name);
            assertEquals(400, ask(headers).get(FORWARD_AUTH).statusCode(), "without " + name);
        }
        String[][] malformed = { { "X-Forwarded-Method", "GET /x" }, { "X-Forwarded-Proto", "ftp" },
                { "X-Forwarded-Host", "alpha.test/evil" }, { "X-Forwarded-Host", "user@alpha.test" },
                { "X-Forwarded-Host", "alpha.test, evil.test" }, { "X-Forwarded-Uri", "http://alpha.test/" },
                { "X-Forwarded-Uri", "secure" } };
        for (String[] bad : malformed) {
            Map<String, String> headers = forwarded("GET", "https", "alpha.test", "/");
            headers.put(bad[0], bad[1]);
            assertEquals(400, ask(headers).get(FORWARD_AUTH).statusCode(), bad[0] + ": " + bad[1]);
        }
        Response repeated = ask(forwarded("GET", "https", "alpha.test", "/")).header("X-Forwarded-Uri", "/private/x")
                .get(FORWARD_AUTH);
        assertEquals(400, repeated.statusCode(), "two X-Forwarded-Uri: which one would the proxy act on?");
    }

    @Test
    void theIdentityHeadersAreAlwaysAnsweredSoASpoofedOneIsOverwritten() {
        Response r = ask(forwarded("GET", "https", "alpha.test", "/")).header("Remote-User", "admin").get(FORWARD_AUTH);
        assertEquals(200, r.statusCode());
        assertEquals("", r.header("Remote-User"));
        assertEquals("", r.header("Remote-Groups"));
        assertEquals("", r.header("Remote-Impersonator"));
    }

    @Test
    void authRequestAnswersOnly200401Or403WithAnAbsolutePortalAddress() {
        Response signIn = ask(Map.of("X-Original-URL", "https://alpha.test/secure/page?q=1", "X-Original-Method", "GET",
                "X-Forwarded-For", "192.0.2.10")).get(AUTH_REQUEST);
        assertEquals(401, signIn.statusCode());
        assertEquals("https://alpha.test/.tollgate/login?rd=https%3A%2F%2Falpha.test%2Fsecure%2Fpage%3Fq%3D1",
                signIn.header("Location"));
        String[] malformed = { "javascript:alert(1)", "https://user@alpha.test/", "https:///x", "alpha.test/x",
                "https://alpha.test/a b", "https://alpha.test/%", "http://alpha.test:80?x/private/x",
                "http://alpha.test?/private/x" };
        for (String url : malformed) {
            Response r = ask(Map.of("X-Original-URL", url, "X-Original-Method", "GET", "X-Forwarded-For", "192.0.2.10"))
                    .get(AUTH_REQUEST);
            assertEquals(403, r.statusCode(), url);
            assertNull(r.header("Remote-User"), url);
        }
        assertEquals(403, ask(Map.of("X-Original-URL", "https://alpha.test/", "X-Forwarded-For", "192.0.2.10"))
                .get(AUTH_REQUEST).statusCode(), "no method");
        assertEquals(200, ask(Map.of("X-Original-URL", "https://alpha.test", "X-Original-Method", "GET",
                "X-Forwarded-For", "192.0.2.10")).get(AUTH_REQUEST).statusCode(), "an empty path is /");
    }

    @Test
    void extAuthzTakesTheOriginalPathAfterItsPrefixAndTheHostAndMethodOfTheCheck() {
        Response r = given().redirects().follow(false).urlEncodingEnabled(false).header("Host", "alpha.test")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "192.0.2.10")
                .delete("/.tollgate/api/authz/ext-authz/secure/admin/x");
        assertEquals(403, r.statusCode());
        Response signIn = given().redirects().follow(false).urlEncodingEnabled(false).header("Host", "alpha.test")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "192.0.2.10")
                .get("/.tollgate/api/authz/ext-authz/secure/x?a=b");
        assertEquals(302, signIn.statusCode());
        assertEquals("/.tollgate/login?rd=https%3A%2F%2Falpha.test%2Fsecure%2Fx%3Fa%3Db", signIn.header("Location"));
    }

    @Test
    void aVariantOfTheEndpointPathIsThePortals404() {
        assertEquals(404, ask(forwarded("GET", "https", "alpha.test", "/"))
                .get("/.tollgate/api/authz/Forward-Auth").statusCode());
    }
}
