package io.tollgate.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.response.Response;
import io.tollgate.testing.Authenticator;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.ProductionGateway;

/**
 * The packaged gateway with an organisation's name, logo and colour: every page, the error
 * pages and the issuer shown in authenticator apps carry them; the logo is served by the
 * portal under its own restrictive headers.
 */
class BrandingIT {

    private static final String SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\">"
            + "<rect width=\"40\" height=\"40\" fill=\"#0b6e4f\"/></svg>";
    private static ProductionGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        Path logo = Files.createTempFile("acme-logo", ".svg");
        Files.writeString(logo, SVG);
        gateway = ProductionGateway.start(1, "-Dtollgate.portal.brand.name=ACME: Research",
                "-Dtollgate.portal.brand.logo=" + logo, "-Dtollgate.portal.brand.accent-color=#0B6E4F");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void everyPageCarriesTheOrganisationsNameLogoAndColour() {
        PortalClient browser = gateway.browser();
        String login = browser.get("/.tollgate/login").asString();
        assertTrue(login.contains("<title>Sign in · ACME: Research</title>"), login);
        assertTrue(login.contains("<img src=\"/.tollgate/static/logo?v="), login);
        assertTrue(login.contains("<span>ACME: Research</span>"), login);

        Response css = browser.get(link(login, "stylesheet"));
        assertEquals(200, css.statusCode());
        assertTrue(css.asString().startsWith(":root { --accent: #0b6e4f; }"), css.asString());
        assertTrue(css.header("Cache-Control").contains("max-age"), css.header("Cache-Control"));

        Response logo = browser.get("/.tollgate/static/logo");
        assertEquals(200, logo.statusCode());
        assertEquals("image/svg+xml", logo.contentType());
        assertEquals(SVG, logo.asString());
        assertTrue(logo.header("Content-Security-Policy").startsWith("default-src 'none'"),
                "opened on its own, the logo runs nothing: " + logo.header("Content-Security-Policy"));
        assertEquals("nosniff", logo.header("X-Content-Type-Options"));

        String denied = browser.get("/private/report").asString();
        assertTrue(denied.contains("· ACME: Research</title>") && denied.contains("/.tollgate/static/logo?v="), denied);
    }

    @Test
    void authenticatorAppsShowTheOrganisationAsTheIssuer() throws Exception {
        gateway.user("brand-user", "brand-user-password-1");
        PortalClient browser = gateway.browser();
        browser.signIn("brand-user", "brand-user-password-1");
        Authenticator app = browser.enroll();
        assertEquals("ACME Research", app.key().issuer(), "the name, without the colon a key URI cannot hold");
    }

    private static String link(String page, String rel) {
        int at = page.indexOf("rel=\"" + rel + "\" href=\"");
        int start = page.indexOf("href=\"", at) + 6;
        return page.substring(start, page.indexOf('"', start));
    }
}
