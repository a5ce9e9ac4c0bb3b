package io.tollgate.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.account.User;
import io.tollgate.credential.SecretImport;
import io.tollgate.credential.SecretImporter;
import io.tollgate.policy.PolicySettingsStore;
import io.tollgate.testing.HeadlessChromium;
import io.tollgate.testing.TestAccounts;

/**
 * The console in a real browser, without JavaScript: an administrator signs in with a code,
 * finds a user and resets their two-step verification, then changes a policy setting; every
 * field of the pages met has its label.
 */
@QuarkusTest
class ConsoleBrowserTest {

    private static final Duration PAGE_WAIT = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URL gateway;

    @Inject
    TestAccounts accounts;

    @Inject
    SecretImporter importer;

    @Inject
    PolicySettingsStore policy;

    ChromeDriver browser;

    @BeforeEach
    void setUp() throws Exception {
        browser = HeadlessChromium.start();
        accounts.unlock();
        accounts.policy(Set.of("console-required"), Set.of(), false, 7, Duration.ZERO, true);
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
        accounts.policy(Set.of(), Set.of(), false, 7, Duration.ZERO, true);
    }

    @AfterAll
    static void forgetAuthenticators() {
        Arc.container().instance(TestAccounts.class).get()
                .sql("DELETE FROM totp_credentials WHERE user_id IN (SELECT id FROM users WHERE username LIKE 'console-b%')");
    }

    private User withAuthenticator(String username, boolean admin) {
        User user = accounts.create(username, admin);
        assertEquals(1, TestAccounts.await(() -> importer.importAll(SecretImport.read(SecretImport.Format.OTPAUTH,
                "otpauth://totp/Old:" + username + "?secret=" + ConsoleTest.SECRET + "\n", null), false)).imported());
        return user;
    }

    private void signInAsAdministrator(String username) {
        browser.get(gateway + ".tollgate/admin");
        awaitTitle("Sign in · Tollgate");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(TestAccounts.PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        awaitTitle("Two-step verification · Tollgate");
        browser.findElement(By.id("code")).sendKeys(ConsoleTest.APP.codeAt(Instant.now().getEpochSecond()));
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        // Imported authenticators come without recovery codes: the portal says so once.
        await(d -> d.getTitle().equals("Dashboard · Administration")
                || d.getTitle().startsWith("Recovery codes running out") ? d.getTitle() : null, "after the code");
        if (!browser.getTitle().equals("Dashboard · Administration")) {
            browser.findElement(By.linkText("Continue")).click();
        }
        awaitTitle("Dashboard · Administration");
    }

    @Test
    void anAdministratorFindsAUserAndResetsTheirTwoStepVerification() {
        String adminName = "console-badmin-" + UUID.randomUUID().toString().substring(0, 8);
        withAuthenticator(adminName, true);
        User user = withAuthenticator("console-buser-" + UUID.randomUUID().toString().substring(0, 8), false);
        signInAsAdministrator(adminName);
        everyFieldHasItsLabel();

        browser.findElement(By.linkText("Users")).click();
        awaitTitle("Users · Administration");
        everyFieldHasItsLabel();
        browser.findElement(By.id("search")).sendKeys(user.username);
        browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        // The unfiltered list may show the user too: wait for the filtered page before clicking.
        await(ExpectedConditions.urlContains("search=" + user.username), "the filtered list");
        await(ExpectedConditions.elementToBeClickable(By.linkText(user.username)), "the user in the list").click();
        awaitTitle(user.username + " · Administration");
        everyFieldHasItsLabel();
        browser.findElement(By.id("reset")).click();
        WebElement notice = await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.ok")), "the reset's outcome");
        assertTrue(notice.getText().contains("was reset"), notice.getText());
        assertTrue(browser.findElement(By.id("authenticators")).findElement(By.xpath("following-sibling::p")).getText()
                .contains("None"), "no authenticator left");
    }

    @Test
    void anAdministratorChangesAPolicySettingAndSeesTheDashboardChart() {
        String adminName = "console-badmin-" + UUID.randomUUID().toString().substring(0, 8);
        withAuthenticator(adminName, true);
        signInAsAdministrator(adminName);
        assertFalse(browser.findElements(By.cssSelector("svg.chart polyline")).isEmpty(), "the 30-day chart");

        browser.findElement(By.linkText("Policy")).click();
        awaitTitle("Policy · Administration");
        everyFieldHasItsLabel();
        WebElement grace = browser.findElement(By.id("graceDays"));
        grace.clear();
        grace.sendKeys("two");
        browser.findElement(By.id("save")).click();
        WebElement error = await(ExpectedConditions.presenceOfElementLocated(By.id("graceDays-error")), "the field error");
        assertFalse(error.getText().isBlank());
        assertEquals("true", browser.findElement(By.id("graceDays")).getAttribute("aria-invalid"));
        assertEquals("two", browser.findElement(By.id("graceDays")).getAttribute("value"), "nothing typed is lost");

        grace = browser.findElement(By.id("graceDays"));
        grace.clear();
        grace.sendKeys("2");
        browser.findElement(By.id("save")).click();
        WebElement saved = await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.ok")), "the saved notice");
        assertTrue(saved.getText().startsWith("Policy saved"), saved.getText());
        assertEquals(2, TestAccounts.await(() -> policy.current()).graceDays());
    }

    /** Every visible form field of the page is named by a label. */
    private void everyFieldHasItsLabel() {
        for (WebElement field : browser.findElements(By.cssSelector("input:not([type=hidden]), select"))) {
            String id = field.getAttribute("id");
            assertFalse(id == null || id.isBlank(), "a field without id on " + browser.getTitle());
            assertFalse(browser.findElements(By.cssSelector("label[for='" + id + "']")).isEmpty(),
                    "no label for #" + id + " on " + browser.getTitle());
        }
    }

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
