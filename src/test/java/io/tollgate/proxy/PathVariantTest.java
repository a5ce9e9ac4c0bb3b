package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.testing.RawHttp;
import io.tollgate.testing.RecordingUpstream;
import io.tollgate.testing.UpstreamTestResource;

/**
 * On {@code strict.test}, {@code /} is bypass, {@code /admin} denied, {@code /account} needs two
 * factors and an access rule denies {@code /docs/internal}. A variant of a protected path that
 * an upstream framework would read as that path (case, trailing dots or spaces, fragments,
 * encodings, compatibility characters) never lands on the bypass route.
 */
@QuarkusTest
class PathVariantTest {

    @TestHTTPResource("/")
    URL gateway;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // Variants the issue reproduced.
            "/admin#x | 400",
            "/ADMIN/x | 403",
            "/Admin | 403",
            "/admin./x | 403",
            "/admin%23x | 400",
            // Found while trying more.
            "/admin... | 403",
            "/admin%20/x | 403",
            "/admin.%20./x | 403",
            "/aDmIn;jsessionid=1/x | 403",
            "/;/admin/x | 403", // a segment of parameters only vanishes in servlet containers
            "/;x/admin | 403",
            "/;jsessionid=1 | 200",
            "/%EF%BD%81dmin | 403", // full-width a, which NFKC makes a plain a
            "/%E2%84%AAelvin | 200", // the Kelvin sign is not an admin path, just another page
            "/public/%EF%BC%8E%EF%BC%8E/admin | 400", // full-width dots become ..
            "/admin%2523x | 400", // double encoding
            "/admin%3Bx | 400",
            "/admin%3Fx | 400",
            "/admin%09 | 400",
            "/admin%C0%AF | 400", // overlong UTF-8 for /
            "/... | 400",
            "/DOCS/Internal/x | 403", // access rule, in another case
            "/docs/internal./x | 403",
            "/ACCOUNT/x | 302", // a two-factor route asks for sign-in in any case
            "/account. | 302",
            // Still the bypass route: not the protected prefix at a segment boundary.
            "/administrator | 200",
            "/admins/x | 200",
            "/Hello/World | 200",
            // A query may carry any escape: return addresses do.
            "/q?rd=https%3A%2F%2Fx.test%2Fa%3Fb%23c%25%3B%5C | 200",
    })
    void variantsOfAProtectedPathAreJudgedAsThatPath(String path, int status) throws IOException {
        RecordingUpstream upstream = UpstreamTestResource.recorder();
        int before = upstream.count();
        RawHttp.Exchange answer = RawHttp.send(gateway,
                "GET " + path + " HTTP/1.1\r\nHost: strict.test\r\nConnection: close\r\n");
        assertEquals(status, answer.status(), path + ": " + answer.head());
        if (status == 200) {
            assertEquals(before + 1, upstream.count());
            // The upstream receives the path exactly as sent, case and all.
            assertEquals(path, upstream.requests().get(before).target());
        } else {
            assertEquals(before, upstream.count(), path + " must not reach the upstream");
        }
    }

    @ParameterizedTest(name = "raw byte {0}")
    @CsvSource({ "9", "127", "200", "255" })
    void controlAndNonAsciiBytesInTheTargetAreRefused(int value) throws IOException {
        RecordingUpstream upstream = UpstreamTestResource.recorder();
        int before = upstream.count();
        RawHttp.Exchange answer = RawHttp.send(gateway,
                "GET /adm" + (char) value + "in HTTP/1.1\r\nHost: strict.test\r\nConnection: close\r\n");
        assertTrue(answer.status() == 400, answer.head());
        assertEquals(before, upstream.count());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "/.TOLLGATE/login", "/.tollgate./login", "/.Tollgate", "/.%EF%BD%94ollgate/login" })
    void variantsOfThePortalPrefixAreNeverProxied(String path) throws IOException {
        RecordingUpstream upstream = UpstreamTestResource.recorder();
        int before = upstream.count();
        RawHttp.Exchange answer = RawHttp.send(gateway,
                "GET " + path + " HTTP/1.1\r\nHost: strict.test\r\nConnection: close\r\n");
        assertEquals(404, answer.status(), answer.head());
        assertEquals(before, upstream.count());
    }
}
