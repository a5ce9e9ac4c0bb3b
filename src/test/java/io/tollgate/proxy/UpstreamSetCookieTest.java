package io.tollgate.proxy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tollgate.testing.UpstreamTestResource;
import io.vertx.core.MultiMap;

/** An upstream cannot set, replace or delete the gateway's own cookies. */
@QuarkusTest
class UpstreamSetCookieTest {

    static final List<String> GATEWAY_SET_COOKIES = List.of("tollgate_session=x; Path=/; HttpOnly",
            "__Host-tollgate_session=y; Path=/; Secure", " TOLLGATE_DEVICE=z", "__secure-Tollgate_lang=fr",
            "=tollgate_session=nameless", "tollgate_session=; Max-Age=0");

    @Test
    void theGatewaysCookiesSetByTheUpstreamNeverReachTheClient() throws Exception {
        StringBuilder answer = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n");
        for (String cookie : GATEWAY_SET_COOKIES) {
            answer.append("Set-Cookie: ").append(cookie).append("\r\n");
        }
        answer.append("Set-Cookie: app=1; Path=/\r\nSet-Cookie: theme_tollgate_session=dark\r\n\r\nok");
        try (RawUpstream upstream = RawUpstream.start(UpstreamTestResource.vertx(), UpstreamTestResource.downPort(),
                (socket, head) -> socket.write(answer.toString()))) {
            Response response = given().header("Host", "down.test").get("/sets-cookies");
            assertEquals(200, response.statusCode());
            assertEquals(List.of("app=1; Path=/", "theme_tollgate_session=dark"),
                    response.headers().getValues("Set-Cookie"));
        }
    }

    @Test
    void gatewayCookieNamesAreRecognisedWithTheirBrowserPrefixesInAnyCase() {
        for (String setCookie : GATEWAY_SET_COOKIES) {
            assertTrue(ForwardedHeaders.setsGatewayCookie(setCookie), setCookie);
        }
        for (String setCookie : List.of("app=1", "tollgate=1", "my_tollgate_session=1", "__Host-app=1",
                "=app", "app=tollgate_session")) {
            assertFalse(ForwardedHeaders.setsGatewayCookie(setCookie), setCookie);
        }
    }

    @Test
    void theCookieHeaderLosesTheGatewaysCookiesWhateverTheirPrefix() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("cookie", "app=1; __Host-tollgate_session=s; __Secure-tollgate_device=d; theme=dark");
        ForwardedHeaders.withoutGatewayCookies(headers);
        assertEquals("app=1; theme=dark", headers.get("cookie"));
    }
}
