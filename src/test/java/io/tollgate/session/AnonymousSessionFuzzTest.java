package io.tollgate.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Session cookie values as anyone may send them: a value the gateway did not sign never reads
 * as a session (an anonymous one is an HMAC-signed cookie, nothing stored), and nothing escapes.
 */
class AnonymousSessionFuzzTest {

    private static final AnonymousSessions SESSIONS = AnonymousSessions.withRandomKey(Duration.ofHours(12));

    @FuzzTest(maxDuration = "10s")
    void anUnsignedCookieValueIsNoSession(FuzzedDataProvider data) {
        String value = data.consumeRemainingAsString();
        AnonymousSessions.looksAnonymous(value);
        assertTrue(SESSIONS.read(value, Session.Client.UNKNOWN, Instant.now()).isEmpty(), value);
    }
}
