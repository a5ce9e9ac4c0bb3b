package io.tollgate.portal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.tollgate.testing.Configs;

class PortalBrandTest {

    @TempDir
    Path files;

    @Test
    void theDefaultsAreTollgateInBlueWithoutALogo() {
        PortalBrand brand = new PortalBrand(Configs.portal());
        assertEquals("Tollgate", brand.name());
        assertFalse(brand.hasLogo());
        assertTrue(brand.stylesheet().startsWith(":root { --accent: #1d4ed8; }"), brand.stylesheet());
        assertTrue(brand.stylesheet().contains("prefers-color-scheme: dark"), "a dark mode that follows the system");
    }

    @Test
    void theOrganisationsNameLogoAndColourAreServedAndVersioned() throws Exception {
        Path logo = files.resolve("acme.svg");
        Files.writeString(logo, "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>");
        PortalBrand acme = new PortalBrand(Configs.brand(" ACME: Research ", logo.toString(), "#0B6E4F"));
        assertEquals("ACME: Research", acme.name());
        assertTrue(acme.hasLogo());
        assertEquals("image/svg+xml", acme.logoType());
        assertArrayEquals(Files.readAllBytes(logo), acme.logo());
        assertTrue(acme.stylesheet().startsWith(":root { --accent: #0b6e4f; }"), acme.stylesheet());
        assertNotEquals(new PortalBrand(Configs.portal()).version(), acme.version(), "a new colour or logo, a new address");
    }

    @Test
    void aColourWhiteTextCannotBeReadOnStopsStartUpWithItsContrast() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new PortalBrand(Configs.brand("ACME", null, "#ffcc00")));
        assertTrue(e.getMessage().contains("tollgate.portal.brand.accent-color: white text on #ffcc00 has a contrast of 1.5:1"),
                e.getMessage());
        assertEquals(4.5, Math.floor(PortalBrand.contrastWithWhite("#767676") * 10) / 10, "the grey at the AA limit");
    }

    @Test
    void badValuesStopStartUpNamingEachKey() throws Exception {
        Path big = files.resolve("big.png");
        Files.write(big, new byte[PortalBrand.MAX_LOGO_BYTES + 1]);
        for (String[] bad : new String[][] {
            { "", null, "#1d4ed8", "tollgate.portal.brand.name" },
            { "x".repeat(65), null, "#1d4ed8", "tollgate.portal.brand.name" },
            { "A\nB", null, "#1d4ed8", "tollgate.portal.brand.name" },
            { "ACME", null, "blue", "'blue' is not #rgb or #rrggbb" },
            { "ACME", null, "#12345", "is not #rgb or #rrggbb" },
            { "ACME", files.resolve("none.png").toString(), "#1d4ed8", "tollgate.portal.brand.logo: no file at" },
            { "ACME", big.toString(), "#1d4ed8", "is larger than 256 KiB" },
            { "ACME", files.resolve("logo.gif").toString(), "#1d4ed8", "is not a .png, .svg, .jpg or .webp file" },
        }) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> new PortalBrand(Configs.brand(bad[0], bad[1], bad[2])), String.join(" | ", bad));
            assertTrue(e.getMessage().contains(bad[3]), e.getMessage());
        }
    }
}
