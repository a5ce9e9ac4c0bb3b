package io.tollgate.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Which network an address counts as, under the configured prefix lengths. */
class AddressPrefixesTest {

    @Test
    void addressesCountByTheirNetwork() {
        AddressPrefixes prefixes = new AddressPrefixes(32, 64);
        assertEquals("203.0.113.7", prefixes.of("203.0.113.7"));
        assertEquals("2001:db8:1:2::/64", prefixes.of("2001:db8:1:2:3:4:5:6"));
        assertEquals("2001:db8:1:2::/64", prefixes.of("2001:DB8:1:2::ffff%eth0"));
        assertEquals("::/64", prefixes.of("::1"));
        assertEquals("192.0.2.1", prefixes.of("::ffff:192.0.2.1"), "a mapped IPv4 address counts as IPv4");
        assertEquals("10.1.0.0/16", new AddressPrefixes(16, 48).of("10.1.200.3"));
        assertEquals("2001:db8:1::/48", new AddressPrefixes(16, 48).of("2001:db8:1:2::1"));
        assertEquals("2001:db8:1:200::/56", new AddressPrefixes(32, 56).of("2001:db8:1:2ff::1"));
        assertEquals("unknown", prefixes.of(null));
        assertEquals("unknown", prefixes.of("unknown"));
        assertEquals(64, prefixes.of("x".repeat(500)).length(), "a strange value cannot make a huge key");
    }
}
