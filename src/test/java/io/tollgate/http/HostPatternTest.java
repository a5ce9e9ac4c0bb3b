package io.tollgate.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostPatternTest {

    @Test
    void aWildcardTakesSubdomainsAtAnyDepthButNotTheDomainNorALookalike() {
        HostPattern wild = HostPattern.parse("*.Example.com");
        assertTrue(wild.matches("wiki.example.com"));
        assertTrue(wild.matches("a.b.example.com"));
        assertFalse(wild.matches("example.com"));
        assertFalse(wild.matches(".example.com"), "nothing before the dot is no subdomain");
        assertFalse(wild.matches("badexample.com"));
        assertFalse(wild.matches("wiki.example.com.evil.test"));
    }

    @Test
    void exactAndAnyHost() {
        assertTrue(HostPattern.parse("wiki.example.com").matches("wiki.example.com"));
        assertFalse(HostPattern.parse("wiki.example.com").matches("www.wiki.example.com"));
        assertTrue(HostPattern.parse("*").matches("anything.test"));
        assertThrows(IllegalArgumentException.class, () -> HostPattern.parse("http://wiki.example.com"));
        assertThrows(IllegalArgumentException.class, () -> HostPattern.parse(" "));
    }
}
