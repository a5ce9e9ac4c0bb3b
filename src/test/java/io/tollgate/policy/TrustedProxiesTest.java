package io.tollgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private final TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "fd00::/8"));

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() {
        assertEquals("198.51.100.7", proxies.clientAddress("198.51.100.7", List.of("10.0.0.9, 203.0.113.1")));
        assertEquals("2001:db8::7", proxies.clientAddress("2001:db8::7", List.of("203.0.113.1")));
    }

    @Test
    void anEmptyListTrustsNobody() {
        TrustedProxies nobody = TrustedProxies.of(List.of());
        assertFalse(nobody.trusts("127.0.0.1"));
        assertEquals("127.0.0.1", nobody.clientAddress("127.0.0.1", List.of("203.0.113.1")));
        assertEquals("10.0.0.1", TrustedProxies.none().clientAddress("10.0.0.1", List.of("203.0.113.1")));
    }

    @Test
    void theTrustedChainIsWalkedFromTheRight() {
        // The leftmost entry is whatever the client wrote; only the hops our proxies added count.
        assertEquals("198.51.100.7",
                proxies.clientAddress("10.0.0.1", List.of("203.0.113.9, 198.51.100.7, 10.0.0.2")));
        assertEquals("198.51.100.7", proxies.clientAddress("10.0.0.1", List.of("198.51.100.7")));
    }

    @Test
    void whenEveryHopIsTrustedTheLeftmostIsTheClient() {
        assertEquals("10.0.0.5", proxies.clientAddress("10.0.0.1", List.of("10.0.0.5, 10.0.0.6")));
        assertEquals("fd00::5", proxies.clientAddress("fd00::1", List.of("fd00::5, 10.0.0.6")));
    }

    @Test
    void aTrustedPeerWithoutForwardedForIsTheClient() {
        assertEquals("10.0.0.1", proxies.clientAddress("10.0.0.1", List.of()));
        assertEquals("10.0.0.1", proxies.clientAddress("10.0.0.1", null));
        assertEquals("10.0.0.1", proxies.clientAddress("10.0.0.1", List.of(" , ")));
    }

    @Test
    void aMalformedEntryStopsTheWalkAtTheLastAddressSeen() {
        assertEquals("10.0.0.2", proxies.clientAddress("10.0.0.1", List.of("203.0.113.9, garbage, 10.0.0.2")));
        assertEquals("10.0.0.1", proxies.clientAddress("10.0.0.1", List.of("203.0.113.9, unknown")));
        assertEquals("10.0.0.1", proxies.clientAddress("10.0.0.1", List.of("203.0.113.9, proxy.internal")));
        assertEquals("10.0.0.1", proxies.clientAddress("10.0.0.1", List.of("203.0.113.9 198.51.100.7")));
    }

    @Test
    void portsAndBracketsAreStripped() {
        assertEquals("198.51.100.7", proxies.clientAddress("10.0.0.1", List.of("198.51.100.7:5678")));
        assertEquals("2001:db8::1", proxies.clientAddress("10.0.0.1", List.of("[2001:db8::1]:443")));
        assertEquals("2001:db8::1", proxies.clientAddress("10.0.0.1", List.of("[2001:db8::1]")));
        assertEquals("2001:db8::1", proxies.clientAddress("10.0.0.1", List.of("2001:db8::1")));
        assertEquals("198.51.100.7",
                proxies.clientAddress("10.0.0.1", List.of("198.51.100.7, [fd00::2]:8443, 10.0.0.3:80")));
    }

    @Test
    void badPortsAndBracketsMakeAnEntryMalformed() {
        for (String entry : List.of("198.51.100.7:99999", "198.51.100.7:", "198.51.100.7:http", "[2001:db8::1",
                "[2001:db8::1]443", "[2001:db8::1]:", "[198.51.100.7]", "[]", "2001:db8::1:443:x")) {
            assertEquals("10.0.0.2", proxies.clientAddress("10.0.0.1", List.of("203.0.113.9, " + entry + ", 10.0.0.2")),
                    entry);
        }
    }

    @Test
    void everyHeaderValueIsReadInOrder() {
        assertEquals("198.51.100.7",
                proxies.clientAddress("10.0.0.1", List.of("203.0.113.9, 10.0.0.3", "198.51.100.7, 10.0.0.2")));
        assertEquals("203.0.113.9", proxies.clientAddress("10.0.0.1", List.of("203.0.113.9", "10.0.0.3, 10.0.0.2")));
    }

    @Test
    void anIpv4MappedPeerIsTrustedAsItsIpv4Address() {
        assertTrue(proxies.trusts("::ffff:10.0.0.1"));
        assertEquals("203.0.113.9", proxies.clientAddress("::ffff:10.0.0.1", List.of("203.0.113.9")));
    }

    @Test
    void onlyAddressesInsideTheNetworksAreTrusted() {
        assertTrue(proxies.trusts("10.255.255.255"));
        assertTrue(proxies.trusts("fd12:3456::1"));
        assertFalse(proxies.trusts("11.0.0.0"));
        assertFalse(proxies.trusts("fe00::1"));
        assertFalse(proxies.trusts("not an address"));
    }

    @Test
    void everyBadNetworkIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrustedProxies.of(List.of("abc", "10.0.0.0/8", "10.0.0.0/40", "proxy.internal")));
        assertTrue(e.getMessage().contains("'abc' is not an IPv4 or IPv6 network (CIDR)"), e.getMessage());
        assertTrue(e.getMessage().contains("'10.0.0.0/40' needs a prefix length"), e.getMessage());
        assertTrue(e.getMessage().contains("'proxy.internal' is not"), e.getMessage());
        assertFalse(e.getMessage().contains("'10.0.0.0/8'"), e.getMessage());
    }
}
