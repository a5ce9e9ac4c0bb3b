package io.tollgate.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.testing.HeadlessChromium;
import io.tollgate.testing.TestAccounts;
import io.tollgate.totp.Base32;
import io.tollgate.totp.HashAlgorithm;
import io.tollgate.totp.Totp;

/** The portal in a real browser: forms, focus, labels, the language switch, no JavaScript needed. */
@QuarkusTest
class BrowserSignInTest {

    @TestHTTPResource("/")
    URL gateway;

    @Inject
    SecondFactorGuard guard;

    ChromeDriver browser;
    @Inject
    TestAccounts accounts;

    @BeforeEach
    void setUp() throws Exception {
        browser = HeadlessChromium.start();
        accounts.policy(Set.of("browser-required"), Set.of(), true, 7, Duration.ZERO, true);
        accounts.unlock("browser-user");
    }

    /**
     * After a click that submits a form or follows a link: the driver may hand back before the
     * next page has loaded, so wait for it rather than read the page still shown.
     */
    private void awaitTitle(String title) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.titleIs(title));
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aPersonSignsInEnrollsAndReachesTheApplication() {
        accounts.create("browser-user", false, "browser-required");
        browser.get(gateway + "app/reports?q=1");
        assertEquals("Sign in · Tollgate", browser.getTitle());
        assertEquals("username", browser.switchTo().activeElement().getAttribute("id"), "the username has the focus");
        assertEquals("Username", browser.findElement(By.cssSelector("label[for=username]")).getText());

        browser.findElement(By.id("username")).sendKeys("browser-user");
        browser.findElement(By.id("password")).sendKeys("not the password");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("password-error")));
        WebElement passwordError = browser.findElement(By.id("password-error"));
        assertTrue(passwordError.getText().startsWith("Wrong username or password."), passwordError.getText());
        assertEquals("password-error", browser.findElement(By.id("password")).getAttribute("aria-describedby"));
        assertEquals("browser-user", browser.findElement(By.id("username")).getAttribute("value"), "nothing typed is lost");

        browser.findElement(By.id("password")).sendKeys(TestAccounts.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        awaitTitle("Set up two-step verification · Tollgate");
        browser.findElement(By.linkText("Set up now")).click();
        awaitTitle("Set up your authenticator app · Tollgate");

        assertTrue(browser.findElement(By.cssSelector("img.qr")).getAttribute("naturalWidth").matches("[1-9][0-9]+"),
                "the QR code is an image the browser can show");
        String secret = browser.findElement(By.id("secret")).getText().replace(" ", "");
        Totp app = new Totp(HashAlgorithm.SHA1, Base32.decode(secret), 6, 30);
        WebElement name = browser.findElement(By.id("name"));
        name.clear();
        name.sendKeys("Laptop <b>test</b>");
        browser.findElement(By.id("code")).sendKeys(app.codeAt(Instant.now().getEpochSecond()));
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        awaitTitle("Your recovery codes · Tollgate");
        assertEquals(10, browser.findElements(By.cssSelector("ol.codes li")).size());
        browser.findElement(By.linkText("I have saved them")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.tagName("body"), "remote-user"));
        String page = browser.findElement(By.tagName("body")).getText();
        assertTrue(page.contains("\"uri\":\"/app/reports?q=1\""), page);
        assertTrue(page.contains("\"remote-user\":\"browser-user\""), page);
    }

    @Test
    void theLanguageSwitchTranslatesThePageAndIsRemembered() {
        browser.get(gateway + ".tollgate/login");
        browser.findElement(By.linkText("Français")).click();
        awaitTitle("Connexion · Tollgate");
        assertEquals("fr", browser.findElement(By.tagName("html")).getAttribute("lang"));
        browser.get(gateway + ".tollgate/login");
        assertEquals("Nom d'utilisateur", browser.findElement(By.cssSelector("label[for=username]")).getText());
    }
}
