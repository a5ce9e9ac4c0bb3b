package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class HeaderNameSetTest {

    private final HeaderNameSet set = new HeaderNameSet(List.of("Connection", "te", "date", "content-length", ""));

    @Test
    void namesMatchInAnyCase() {
        assertTrue(set.contains("connection"));
        assertTrue(set.contains("CONNECTION"));
        assertTrue(set.contains("Content-Length"));
        assertTrue(set.contains("TE"));
        assertTrue(set.contains("Date"));
        assertTrue(set.contains(""));
    }

    @Test
    void otherNamesDoNot() {
        assertFalse(set.contains("ETag"), "same length, other name");
        assertFalse(set.contains("Connections"));
        assertFalse(set.contains("Connectio"));
        assertFalse(set.contains("content_length"), "an underscore is another character here");
        assertFalse(set.contains("x-very-long-header-name-beyond-every-bucket"));
        assertFalse(new HeaderNameSet(List.of()).contains("te"));
    }

    @Test
    void withUnderscoresReadAsDashesBothSpellingsAreOneName() {
        HeaderNameSet cgi = new HeaderNameSet(List.of("remote-user", "x_forwarded_user"), true);
        assertTrue(cgi.contains("Remote_User"));
        assertTrue(cgi.contains("REMOTE-USER"));
        assertTrue(cgi.contains("X-Forwarded-User"));
        assertTrue(cgi.contains("x_FORWARDED_user"));
        assertFalse(cgi.contains("Remote-Users"));
        assertFalse(cgi.contains("Remote.User"));
        assertFalse(cgi.contains("_emote-user"), "only '_' for '-', never for a letter");
    }
}
