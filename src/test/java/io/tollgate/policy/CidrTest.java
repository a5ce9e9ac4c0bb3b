package io.tollgate.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void anIpv4NetworkHoldsItsFirstAndLastAddressAndNothingJustOutside() {
        Cidr network = Cidr.parse("10.0.0.0/8");
        assertTrue(network.contains("10.0.0.0"));
        assertTrue(network.contains("10.255.255.255"));
        assertFalse(network.contains("9.255.255.255"));
        assertFalse(network.contains("11.0.0.0"));
    }

    @Test
    void aPrefixThatSplitsAByteIsHonoured() {
        Cidr network = Cidr.parse("192.168.4.0/22");
        assertTrue(network.contains("192.168.4.0"));
        assertTrue(network.contains("192.168.7.255"));
        assertFalse(network.contains("192.168.3.255"));
        assertFalse(network.contains("192.168.8.0"));
    }

    @Test
    void slashZeroHoldsEveryAddressOfItsFamilyOnly() {
        Cidr ipv4 = Cidr.parse("0.0.0.0/0");
        assertTrue(ipv4.contains("0.0.0.0"));
        assertTrue(ipv4.contains("255.255.255.255"));
        assertFalse(ipv4.contains("2001:db8::1"));

        Cidr ipv6 = Cidr.parse("::/0");
        assertTrue(ipv6.contains("::"));
        assertTrue(ipv6.contains("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertFalse(ipv6.contains("10.1.2.3"));
        assertFalse(ipv6.contains("::ffff:10.1.2.3"), "a mapped IPv4 address is an IPv4 address");
    }

    @Test
    void aBareIpv4AddressIsASlash32() {
        Cidr single = Cidr.parse("203.0.113.7");
        assertEquals(Cidr.parse("203.0.113.7/32"), single);
        assertEquals("203.0.113.7/32", single.toString());
        assertTrue(single.contains("203.0.113.7"));
        assertFalse(single.contains("203.0.113.6"));
        assertFalse(single.contains("203.0.113.8"));
    }

    @Test
    void anIpv6NetworkHoldsItsFirstAndLastAddressAndNothingJustOutside() {
        Cidr network = Cidr.parse("2001:db8::/32");
        assertTrue(network.contains("2001:db8::"));
        assertTrue(network.contains("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertFalse(network.contains("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertFalse(network.contains("2001:db9::"));
        assertFalse(network.contains("10.0.0.1"));
    }

    @Test
    void anIpv6PrefixThatSplitsAByteIsHonoured() {
        Cidr network = Cidr.parse("2001:db8:8000::/33");
        assertTrue(network.contains("2001:db8:8000::"));
        assertTrue(network.contains("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertFalse(network.contains("2001:db8:7fff:ffff:ffff:ffff:ffff:ffff"));
    }

    @Test
    void aBareIpv6AddressIsASlash128WhateverItsSpelling() {
        Cidr single = Cidr.parse("2001:db8::1");
        assertEquals("2001:db8::1/128", single.toString());
        assertTrue(single.contains("2001:DB8:0:0:0:0:0:1"));
        assertTrue(single.contains("2001:0db8::0001"));
        assertFalse(single.contains("2001:db8::"));
        assertFalse(single.contains("2001:db8::2"));
        assertTrue(Cidr.parse("::1/128").contains("0:0:0:0:0:0:0:1"));
    }

    @Test
    void anIpv4MappedAddressCountsAsTheIpv4Address() {
        Cidr network = Cidr.parse("10.0.0.0/8");
        assertTrue(network.contains("::ffff:10.1.2.3"));
        assertTrue(network.contains("::FFFF:0a01:0203"));
        assertFalse(network.contains("::ffff:11.1.2.3"));
        assertFalse(network.contains("::10.1.2.3"), "IPv4-compatible is not IPv4-mapped");
        assertEquals(network, Cidr.parse("::ffff:10.0.0.0/104"));
        assertTrue(Cidr.parse("::ffff:10.1.2.3").contains("10.1.2.3"));
    }

    @Test
    void hostBitsBeyondThePrefixAreCleared() {
        assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse("10.1.2.3/8"));
        assertEquals("10.0.0.0/8", Cidr.parse(" 10.1.2.3/8 ").toString());
        assertEquals("2001:db8::/32", Cidr.parse("2001:db8:1:2::1/32").toString());
        assertTrue(Cidr.parse("10.1.2.3/8").contains("10.200.0.1"));
    }

    @Test
    void networksPrintInCanonicalForm() {
        assertEquals("2001:db8::1:0:0:1/128", Cidr.parse("2001:0DB8:0000:0000:0001:0000:0000:0001").toString());
        assertEquals("2001:db8:0:1:1:1:1:1/128", Cidr.parse("2001:db8:0:1:1:1:1:1").toString());
        assertEquals("64:ff9b::c000:201/128", Cidr.parse("64:ff9b::192.0.2.1").toString());
        assertEquals("::/0", Cidr.parse("::/0").toString());
        assertEquals("0.0.0.0/0", Cidr.parse("0.0.0.0/0").toString());
    }

    @Test
    void namesAreRefusedRatherThanLookedUp() {
        assertRefused("localhost", "'localhost' is not an IPv4 or IPv6 network (CIDR)");
        assertRefused("example.com/8", "'example.com/8' is not an IPv4 or IPv6 network (CIDR)");
        assertFalse(Cidr.parse("127.0.0.0/8").contains("localhost"));
        assertTrue(Cidr.parseAddress("localhost").isEmpty());
    }

    @Test
    void garbageIsRefusedQuotingTheValue() {
        for (String value : List.of("abc", "", "10.0.0", "10.0.0.0.0", "256.0.0.0", "010.0.0.1", "1::2::3",
                "2001:db8::g", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "10.0.0.1 /8")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(value));
            assertTrue(e.getMessage().startsWith("'" + value + "'"), e.getMessage());
        }
    }

    @Test
    void aBadPrefixLengthNamesTheAllowedRange() {
        assertRefused("10.0.0.0/33", "'10.0.0.0/33' needs a prefix length between 0 and 32 after the /");
        assertRefused("2001:db8::/129", "'2001:db8::/129' needs a prefix length between 0 and 128 after the /");
        for (String value : List.of("10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/8/8", "10.0.0.0/1000",
                "10.0.0.0/ 8")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(value));
            assertTrue(e.getMessage().contains("prefix length"), value + ": " + e.getMessage());
        }
    }

    @Test
    void malformedAddressesAreNeverContainedAndNeverThrow() {
        List<Cidr> everything = List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0"));
        List<String> malformed = Arrays.asList(null, "", " ", "10.0.0.1 ", "1.2.3", "1.2.3.4.5", "256.1.1.1",
                "01.2.3.4", "1.2.3.4/8", "-1.2.3.4", "1.2.3.4:80", "[::1]", ":::", "1::2::3", "12345::", "g::1",
                ":1::", "1:", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "::ffff:1.2.3",
                "1.2.3.4::", "::1%", "::1%eth 0", "localhost", "\u0661.\u0662.\u0663.\u0664", "1.2.3.\u0664",
                "::\u0661", "ffff:".repeat(20), "unknown");
        for (Cidr network : everything) {
            for (String address : malformed) {
                assertFalse(network.contains(address), network + " should not contain " + address);
            }
        }
    }

    @Test
    void aZoneOnAnAddressIsIgnored() {
        assertTrue(Cidr.parse("fe80::/10").contains("fe80::1%eth0"));
        assertFalse(Cidr.parse("fe80::/10").contains("fe80::1%"));
    }

    @Test
    void parsedAddressesComeInTheirCanonicalFamily() {
        assertArrayEquals(new byte[] {10, 1, 2, 3}, Cidr.parseAddress("10.1.2.3").orElseThrow());
        assertArrayEquals(new byte[] {10, 1, 2, 3}, Cidr.parseAddress("::ffff:10.1.2.3").orElseThrow());
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        assertArrayEquals(loopback, Cidr.parseAddress("::1").orElseThrow());
        assertTrue(Cidr.parseAddress("10.1.2.3/32").isEmpty());
        assertTrue(Cidr.parseAddress(null).isEmpty());
    }

    private static void assertRefused(String value, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(value));
        assertEquals(expected, e.getMessage());
    }
}
