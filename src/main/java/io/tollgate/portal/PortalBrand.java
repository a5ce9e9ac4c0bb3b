package io.tollgate.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The organisation's name, logo and accent colour ({@code tollgate.portal.brand.*}), checked
 * at start-up, and the portal's stylesheet with that colour in it. Templates read it as
 * {@code inject:brand}.
 */
@Startup
@Singleton
@Named("brand")
public class PortalBrand {

    static final int MAX_LOGO_BYTES = 256 * 1024;
    /** Authenticator apps show the issuer in a line of their own: keep it short. */
    static final int MAX_NAME = 64;
    /** WCAG 2.1 AA for normal text: white button labels on the accent colour. */
    static final double MIN_CONTRAST = 4.5;
    private static final Pattern COLOR = Pattern.compile("#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})");
    private static final Map<String, String> LOGO_TYPES = Map.of("png", "image/png", "svg", "image/svg+xml",
            "jpg", "image/jpeg", "jpeg", "image/jpeg", "webp", "image/webp");

    private final String name;
    private final byte[] logo;
    private final String logoType;
    private final String stylesheet;
    private final String icon;
    private final String version;

    public PortalBrand(PortalConfig config) {
        PortalConfig.Brand brand = config.brand();
        List<String> problems = new ArrayList<>();
        this.name = brand.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            problems.add("tollgate.portal.brand.name: 1 to " + MAX_NAME + " characters, no control characters");
        }
        String accent = brand.accentColor().strip().toLowerCase(Locale.ROOT);
        if (!COLOR.matcher(accent).matches()) {
            problems.add("tollgate.portal.brand.accent-color: '" + brand.accentColor() + "' is not #rgb or #rrggbb");
        } else if (contrastWithWhite(accent) < MIN_CONTRAST) {
            problems.add(String.format(Locale.ROOT, "tollgate.portal.brand.accent-color: white text on %s has a contrast of"
                    + " %.1f:1, under the %.1f:1 readable text needs (WCAG AA): choose a darker colour",
                    accent, contrastWithWhite(accent), MIN_CONTRAST));
        }
        byte[] logoBytes = null;
        String type = null;
        if (brand.logo().isPresent() && !brand.logo().get().isBlank()) {
            String file = brand.logo().get().strip();
            String extension = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            type = LOGO_TYPES.get(extension);
            if (type == null) {
                problems.add("tollgate.portal.brand.logo: '" + file + "' is not a .png, .svg, .jpg or .webp file");
            } else {
                try {
                    Path path = Path.of(file);
                    if (!Files.isRegularFile(path)) {
                        problems.add("tollgate.portal.brand.logo: no file at '" + file + "'");
                    } else if (Files.size(path) > MAX_LOGO_BYTES) {
                        problems.add("tollgate.portal.brand.logo: '" + file + "' is larger than 256 KiB");
                    } else {
                        logoBytes = Files.readAllBytes(path);
                    }
                } catch (IOException | RuntimeException e) {
                    problems.add("tollgate.portal.brand.logo: '" + file + "' cannot be read: " + e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid Tollgate configuration: " + String.join("; ", problems));
        }
        this.logo = logoBytes;
        this.logoType = logoBytes == null ? null : type;
        this.stylesheet = ":root { --accent: " + accent + "; }\n" + resource("/portal/portal.css");
        // Without a logo, the tab's icon is a square of the accent colour (checked above to be #rgb or #rrggbb).
        this.icon = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"16\" rx=\"4\" fill=\""
                + accent + "\"/></svg>";
        this.version = version(stylesheet, logoBytes);
    }

    public String name() {
        return name;
    }

    public boolean hasLogo() {
        return logo != null;
    }

    /** Changes with the stylesheet and the logo: their addresses carry it, so browsers may keep them. */
    public String version() {
        return version;
    }

    String stylesheet() {
        return stylesheet;
    }

    byte[] logo() {
        return logo;
    }

    String icon() {
        return icon;
    }

    String logoType() {
        return logoType;
    }

    private static String version(String stylesheet, byte[] logo) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(stylesheet.getBytes(StandardCharsets.UTF_8));
            if (logo != null) {
                sha256.update(logo);
            }
            return HexFormat.of().formatHex(sha256.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The WCAG contrast ratio of white against a #rgb or #rrggbb colour. */
    static double contrastWithWhite(String color) {
        String hex = color.substring(1);
        if (hex.length() == 3) {
            hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
        }
        double luminance = 0.2126 * channel(hex, 0) + 0.7152 * channel(hex, 2) + 0.0722 * channel(hex, 4);
        return 1.05 / (luminance + 0.05);
    }

    private static double channel(String hex, int at) {
        double c = Integer.parseInt(hex.substring(at, at + 2), 16) / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static String resource(String path) {
        try (InputStream in = PortalBrand.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
