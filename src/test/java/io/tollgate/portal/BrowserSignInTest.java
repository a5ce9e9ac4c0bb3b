package io.tollgate.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
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

    /**
     * How long a page may take after a click. A form's answer can come late (a slow machine, a
     * sign-in waiting for its network's turn); a click may return before the next page is there.
     */
    private static final Duration PAGE_WAIT = Duration.ofSeconds(60);

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
        awaitTitle("Sign in · Tollgate");
        assertEquals("username", browser.switchTo().activeElement().getAttribute("id"), "the username has the focus");
        assertEquals("Username", browser.findElement(By.cssSelector("label[for=username]")).getText());

        browser.findElement(By.id("username")).sendKeys("browser-user");
        browser.findElement(By.id("password")).sendKeys("not the password");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement passwordError = await(ExpectedConditions.presenceOfElementLocated(By.id("password-error")),
                "the wrong password's answer");
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
        browser.findElement(By.xpath("//button[normalize-space()='I have saved them']")).click();
        String page = await(d -> {
            String text = d.findElement(By.tagName("body")).getText();
            return text.contains("\"remote-user\"") ? text : null;
        }, "the application's page");
        assertTrue(page.contains("\"uri\":\"/app/reports?q=1\""), page);
        assertTrue(page.contains("\"remote-user\":\"browser-user\""), page);
    }

    @Test
    void pagesUseOneTypefaceFitAPhoneAndFollowTheDarkSetting() {
        accounts.create("browser-narrow", false);
        accounts.unlock("browser-narrow");
        browser.manage().window().setSize(new Dimension(375, 812));
        browser.get(gateway + ".tollgate/login?rd=/.tollgate/account");
        String typeface = browser.findElement(By.tagName("body")).getCssValue("font-family");
        assertEquals(typeface, browser.findElement(By.id("username")).getCssValue("font-family"), "inputs use the text's typeface");
        assertEquals(typeface, browser.findElement(By.cssSelector("button")).getCssValue("font-family"), "so do buttons");
        browser.findElement(By.id("username")).sendKeys("browser-narrow");
        browser.findElement(By.id("password")).sendKeys(TestAccounts.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        awaitTitle("Account security · Tollgate");

        long wide = (Long) browser.executeScript("return document.documentElement.scrollWidth");
        long shown = (Long) browser.executeScript("return document.documentElement.clientWidth");
        assertTrue(wide <= shown, "the page is " + wide + " px wide in a " + shown + " px window");
        WebElement row = browser.findElement(By.cssSelector("table.list tbody tr"));
        assertEquals("block", row.getCssValue("display"), "a table row is a card of its own on a phone");

        String light = browser.findElement(By.tagName("body")).getCssValue("background-color");
        browser.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        String dark = browser.findElement(By.tagName("body")).getCssValue("background-color");
        assertEquals("rgba(244, 245, 247, 1)", light);
        assertEquals("rgba(17, 19, 24, 1)", dark, "the system's dark setting darkens the page");
    }

    @Test
    void theLanguageSwitchTranslatesThePageAndIsRemembered() {
        browser.get(gateway + ".tollgate/login");
        browser.findElement(By.linkText("Français")).click();
        awaitTitle("Connexion · Tollgate");
        assertEquals("fr", browser.findElement(By.tagName("html")).getAttribute("lang"));
        browser.get(gateway + ".tollgate/login");
        awaitTitle("Connexion · Tollgate");
        assertEquals("Nom d'utilisateur", browser.findElement(By.cssSelector("label[for=username]")).getText());
    }

    /** Waits for the page with this title; if another one stays, fails saying what it shows. */
    private void awaitTitle(String title) {
        await(ExpectedConditions.titleIs(title), "the page \"" + title + "\"");
    }

    private <T> T await(ExpectedCondition<T> condition, String what) {
        try {
            return new WebDriverWait(browser, PAGE_WAIT).until(condition);
        } catch (TimeoutException e) {
            return fail("waited " + PAGE_WAIT.toSeconds() + " s for " + what + ", still on \"" + browser.getTitle()
                    + "\": " + browser.findElement(By.tagName("body")).getText());
        }
    }
}
