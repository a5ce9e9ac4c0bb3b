package io.tollgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;

class CookieHeaderTest {

    @Test
    void findsThePairWithExactlyTheName() {
        assertEquals("abc", CookieHeader.valueIn("tollgate_session=abc", "tollgate_session"));
        assertEquals("abc", CookieHeader.valueIn("a=1; tollgate_session=abc; b=2", "tollgate_session"));
        assertEquals("abc", CookieHeader.valueIn("a=1;tollgate_session=abc ;b=2", "tollgate_session"));
        assertEquals("", CookieHeader.valueIn("tollgate_session=", "tollgate_session"));
    }

    @Test
    void aLongerOrShorterNameIsAnotherCookie() {
        assertNull(CookieHeader.valueIn("xtollgate_session=abc", "tollgate_session"));
        assertNull(CookieHeader.valueIn("tollgate_sessionx=abc", "tollgate_session"));
        assertNull(CookieHeader.valueIn("tollgate_sessio=abc", "tollgate_session"));
        assertNull(CookieHeader.valueIn("Tollgate_Session=abc", "tollgate_session"));
        assertNull(CookieHeader.valueIn("a=tollgate_session=abc", "tollgate_session"));
        assertNull(CookieHeader.valueIn("tollgate_session", "tollgate_session"));
        assertNull(CookieHeader.valueIn("", "tollgate_session"));
        assertNull(CookieHeader.valueIn(";;; ;", "tollgate_session"));
    }

    @Test
    void theFirstPairWinsAcrossHeaders() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Cookie", "a=1; s=first")
                .add("cookie", "s=second");
        assertEquals("first", CookieHeader.valueOf(headers, "s"));
        assertEquals("first", CookieHeader.valueIn("s=first; s=second", "s"));
        assertNull(CookieHeader.valueOf(MultiMap.caseInsensitiveMultiMap(), "s"));
    }
}
