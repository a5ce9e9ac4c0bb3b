package io.tollgate.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.tollgate.testing.Configs;

/** The regulation rules: the checks made on their settings at start-up, and the wait past the threshold. */
class RegulationTest {

    @Test
    void badSettingsStopStartUpNamingEveryKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> Regulation.of(
                Configs.regulation(5, 3, Duration.ofMinutes(1), 100, Duration.ofSeconds(90), Duration.ofSeconds(-1),
                        0, 129)));
        for (String key : new String[] { "address-prefix-ipv4", "address-prefix-ipv6", "address-max-queue",
                "address-max-delay" }) {
            assertTrue(e.getMessage().contains("tollgate.regulation." + key), e.getMessage());
        }
        assertEquals(3, Regulation.of(Configs.regulation(5, 3, Duration.ofMinutes(1))).limitFor(true));
    }

    @Test
    void theWaitDoublesPastTheThresholdUpToTheCap() {
        Regulation rules = Regulation.of(Configs.regulation(5, 3, Duration.ofMinutes(1), 100, Duration.ofSeconds(5),
                Duration.ofSeconds(30), 32, 64));
        assertEquals(Duration.ZERO, rules.delay(99));
        assertEquals(Duration.ofMillis(100), rules.delay(100));
        assertEquals(Duration.ofMillis(1600), rules.delay(104));
        assertEquals(Duration.ofSeconds(5), rules.delay(106));
        assertEquals(Duration.ofSeconds(5), rules.delay(1_000_000));
    }
}
