package io.tollgate.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;

/** Address prefixes and the checks made on the regulation settings at start-up. */
class RegulationSettingsTest {

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

    @Test
    void badSettingsStopStartUpNamingEveryKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Regulation.of(GuardBench.config(5, 3,
                Duration.ofMinutes(1), 100, Duration.ofSeconds(90), Duration.ofSeconds(-1), 0, 129)));
        for (String key : new String[] { "address-prefix-ipv4", "address-prefix-ipv6", "address-max-queue",
                "address-max-delay" }) {
            assertTrue(e.getMessage().contains("tollgate.regulation." + key), e.getMessage());
        }
        assertEquals(3, Regulation.of(GuardBench.config(5, 3, Duration.ofMinutes(1))).limitFor(true));
    }

    @Test
    void theWaitDoublesPastTheThresholdUpToTheCap() {
        Regulation rules = Regulation.of(GuardBench.config(5, 3, Duration.ofMinutes(1), 100, Duration.ofSeconds(5),
                Duration.ofSeconds(30), 32, 64));
        assertEquals(Duration.ZERO, rules.delay(99));
        assertEquals(Duration.ofMillis(100), rules.delay(100));
        assertEquals(Duration.ofMillis(1600), rules.delay(104));
        assertEquals(Duration.ofSeconds(5), rules.delay(106));
        assertEquals(Duration.ofSeconds(5), rules.delay(1_000_000));
    }
}
