package io.tollgate.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.tollgate.http.PathPrefix;

/** The readings of a path that routes and rules are matched on. */
class RequestTargetTest {

    private static RequestTarget screen(String path) {
        return RequestTarget.screen(path, path, path, null);
    }

    @Test
    void aPlainPathHasOneReading() {
        assertEquals(List.of("/docs/page"), screen("/docs/page").readings());
    }

    @Test
    void trailingDotsAndSpacesGiveASecondReading() {
        assertEquals(List.of("/admin./x", "/admin/x"), screen("/admin./x").readings());
        assertEquals(List.of("/a . /b", "/a/b"), screen("/a%20.%20/b").readings());
    }

    @Test
    void pathsAreDecodedAndNormalisedForCompatibility() {
        assertEquals(List.of("/\uFF41dmin", "/admin"), screen("/%EF%BD%81dmin").readings());
        assertEquals(List.of("/caf\u00e9"), screen("/caf%C3%A9").readings());
    }

    @Test
    void matrixParametersAreIgnoredForMatching() {
        assertEquals(List.of("/admin/x"), screen("/admin;a=b/x;c").readings());
    }

    @Test
    void refusalsSayWhy() {
        assertEquals(RequestTarget.Verdict.BAD_REQUEST, screen("/a%2").verdict());
        assertEquals(RequestTarget.Verdict.BAD_REQUEST, screen("/a%FF").verdict());
        assertEquals("a fragment (#) is never sent to a server", screen("/a#b").detail());
    }

    @Test
    void theTrailingDotRuleKeepsUntouchedPathsAsTheyAre() {
        String path = "/keep/this/path";
        assertEquals(path, PathPrefix.withoutTrailingDots(path));
        assertEquals("/a/b/", PathPrefix.withoutTrailingDots("/a./b../"));
        assertNull(PathPrefix.withoutTrailingDots("/a/../b"));
    }
}
