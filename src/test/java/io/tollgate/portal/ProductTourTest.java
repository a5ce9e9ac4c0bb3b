package io.tollgate.portal;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tollgate.credential.SecretImport;
import io.tollgate.credential.SecretImporter;
import io.tollgate.testing.Authenticator;
import io.tollgate.testing.HeadlessChromium;
import io.tollgate.testing.PageChecks;
import io.tollgate.testing.Screenshots;
import io.tollgate.testing.TestAccounts;
import io.tollgate.totp.Base32;
import io.tollgate.totp.HashAlgorithm;
import io.tollgate.totp.Totp;

/**
 * The product tour in a real browser, in English and in French, as a new user and an
 * administrator live it: the QR code read from the page's picture, recovery codes, the demo
 * application seeing who signed in, a trusted browser, a change confirmed with a code, a
 * recovery code, an AuthKey; then a reset by an administrator, a policy change and the
 * dashboard, and the user enrolling again. Every page of ours passes {@link PageChecks} at both
 * widths and is pictured by {@link Screenshots} (the pictures of the README and the user guide).
 * Typing and buttons go through the keyboard.
 */
@QuarkusTest
class ProductTourTest {

    private static final Duration PAGE_WAIT = Duration.ofSeconds(60);
    private static final String ADMIN_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    private static final Totp ADMIN_APP = new Totp(HashAlgorithm.SHA1, Base32.decode(ADMIN_SECRET), 6, 30);

    @TestHTTPResource("/")
    URL gateway;

    @Inject
    TestAccounts accounts;

    @Inject
    SecretImporter importer;

    ChromeDriver browser;
    String lang;

    @BeforeEach
    void setUp() throws Exception {
        browser = HeadlessChromium.start();
        accounts.policy(Set.of("tour-staff"), Set.of(), false, 0, Duration.ZERO, true);
        accounts.unlock();
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.quit();
        }
        accounts.policy(Set.of(), Set.of(), false, 7, Duration.ZERO, true);
        accounts.unlock(); // the refused keys counted against the loopback
    }

    @ParameterizedTest
    @ValueSource(strings = { "en", "fr" })
    void theTourAsANewUserAndTheirAdministratorLiveIt(String language) {
        lang = language;
        String user = lang.equals("en") ? "alex" : "camille";
        String admin = lang.equals("en") ? "morgan" : "dominique";
        accounts.create(user, false, "tour-staff");
        accounts.unlock(user);
        accounts.create(admin, true);
        accounts.sql("UPDATE users SET display_name = ?1 WHERE username = ?2",
                lang.equals("en") ? "Alex Martin" : "Camille Durand", user);
        accounts.sql("UPDATE users SET display_name = ?1 WHERE username = ?2",
                lang.equals("en") ? "Morgan Lee" : "Dominique Petit", admin);
        assertEquals(1, TestAccounts.await(() -> importer.importAll(SecretImport.read(SecretImport.Format.OTPAUTH,
                "otpauth://totp/Tour:" + admin + "?secret=" + ADMIN_SECRET + "\n", null), false)).imported());

        // A protected page: the sign-in comes first; the language is chosen there and remembered.
        browser.get(gateway + "demo/welcome");
        awaitPath("/.tollgate/login");
        if (lang.equals("fr")) {
            browser.findElement(By.linkText("Français")).click();
            await(d -> "fr".equals(d.findElement(By.tagName("html")).getAttribute("lang")) ? true : null, "French");
        }
        ours("01-sign-in", true);
        typeAndEnter(user, Keys.TAB, TestAccounts.PASSWORD);

        // Enrollment: the QR code as a phone camera sees it on the screen.
        awaitPath("/.tollgate/enroll");
        ours("02-enroll", false);
        byte[] picture = browser.findElement(By.cssSelector("img.qr")).getScreenshotAs(OutputType.BYTES);
        Authenticator phone = Authenticator.fromPicture(picture);
        assertEquals(browser.findElement(By.id("secret")).getText().replace(" ", ""), phone.key().secret());
        browser.findElement(By.id("code")).sendKeys(phone.code(), Keys.ENTER);

        // The recovery codes, shown until they are saved; a reload shows the same set.
        awaitPath("/.tollgate/recovery-codes");
        List<String> codes = browser.findElements(By.cssSelector("ol.codes code")).stream().map(WebElement::getText)
                .toList();
        assertEquals(10, codes.size());
        browser.navigate().refresh();
        awaitPath("/.tollgate/recovery-codes");
        assertEquals(codes, browser.findElements(By.cssSelector("ol.codes code")).stream().map(WebElement::getText)
                .toList(), "a reload shows the same set");
        ours("03-recovery-codes", false);
        press(By.cssSelector("form[action*='/recovery-codes/saved'] button"));

        // The application, told who signed in.
        awaitPath("/demo/welcome");
        String application = browser.findElement(By.tagName("body")).getText();
        assertTrue(application.contains("Remote-User") && application.contains(user), application);
        PageChecks.noConsoleErrors(browser);
        Screenshots.take(browser, lang + "/04-application");

        // Signing out: asked, then done.
        browser.get(gateway + ".tollgate/logout");
        ours("05-sign-out", false);
        signOut();
        ours("06-signed-out", false);

        // Signing in with a code, trusting this browser.
        signInWithPassword(user);
        awaitPath("/.tollgate/totp");
        ours("07-code", true);
        new Actions(browser).sendKeys(phone.code(1)).sendKeys(Keys.TAB).sendKeys(Keys.SPACE).perform();
        assertTrue(browser.findElement(By.id("trust")).isSelected(), "the space bar ticks the box");
        browser.findElement(By.id("code")).sendKeys(Keys.ENTER);
        awaitPath("/demo/welcome");

        // The session ends by itself (the browser closed); the trusted browser needs no code.
        browser.manage().deleteCookieNamed("tollgate_session");
        signInWithPassword(user);
        awaitPath("/demo/welcome");

        // The account page; revoking the browser asks for a code first, then is carried out.
        browser.get(gateway + ".tollgate/account");
        ours("08-account", false);
        press(By.cssSelector("form[action$='/account/devices/revoke'] button"));
        await(d -> d.findElements(By.id("code")).isEmpty() ? null : true, "the code asked before the change");
        ours("09-confirm-change", true);
        browser.findElement(By.id("code")).sendKeys(phone.code(2), Keys.ENTER);
        awaitPath("/.tollgate/account");
        assertTrue(browser.findElements(By.cssSelector("form[action$='/account/devices/revoke']")).isEmpty(),
                "the browser is no longer trusted");
        assertFalse(browser.findElements(By.cssSelector("main .ok")).isEmpty(), "the change is reported done");

        // Asked for a code again; a recovery code instead.
        browser.manage().deleteCookieNamed("tollgate_session");
        signInWithPassword(user);
        awaitPath("/.tollgate/totp");
        press(By.cssSelector("a[href*='/recovery']"));
        awaitPath("/.tollgate/recovery");
        ours("10-recovery-code", true);
        browser.switchTo().activeElement().sendKeys(codes.get(0), Keys.ENTER);
        awaitPath("/demo/welcome");

        // An AuthKey for a script: made, used, revoked.
        browser.get(gateway + ".tollgate/account/keys/new");
        awaitPath("/.tollgate/account/keys/new");
        ours("11-new-key", true);
        browser.switchTo().activeElement().sendKeys(lang.equals("en") ? "Nightly report" : "Rapport nocturne");
        press(By.cssSelector("input[name=route][value=local-demo]"), Keys.SPACE);
        browser.findElement(By.id("name")).sendKeys(Keys.ENTER);
        await(d -> d.findElements(By.id("new-key")).isEmpty() ? null : true, "the new key");
        ours("12-key-created", false);
        String key = browser.findElement(By.id("new-key")).getText();
        assertEquals(200, withKey(key), "the key opens its route");
        press(By.cssSelector("form[action$='/account/keys/copied'] button"));
        awaitPath("/.tollgate/account");
        press(By.cssSelector("form[action$='/account/keys/revoke'] button"));
        await(d -> d.findElements(By.cssSelector("form[action$='/account/keys/revoke']")).isEmpty() ? true : null,
                "the key gone from the account page");
        assertEquals(401, withKey(key), "revoked");

        // The administrator: the dashboard, the user's page, a reset, a policy change.
        browser.manage().deleteAllCookies();
        browser.get(gateway + ".tollgate/admin");
        awaitPath("/.tollgate/login");
        if (lang.equals("fr")) {
            browser.findElement(By.linkText("Français")).click();
            await(d -> "fr".equals(d.findElement(By.tagName("html")).getAttribute("lang")) ? true : null, "French");
        }
        typeAndEnter(admin, Keys.TAB, TestAccounts.PASSWORD);
        awaitPath("/.tollgate/totp");
        browser.switchTo().activeElement().sendKeys(ADMIN_APP.codeAt(Instant.now().getEpochSecond()), Keys.ENTER);
        // An imported authenticator comes without recovery codes: said once, before going on.
        awaitPath("/.tollgate/codes-left");
        ours("13-no-recovery-codes", false);
        press(By.cssSelector("main a.button"));
        awaitPath("/.tollgate/admin");
        assertFalse(browser.findElements(By.cssSelector("svg.chart polyline")).isEmpty(), "the 30-day chart");
        console("14-dashboard");

        press(By.cssSelector("nav a[href$='/admin/users']"));
        await(d -> d.findElements(By.id("search")).isEmpty() ? null : true, "the users");
        browser.findElement(By.id("search")).sendKeys(user, Keys.ENTER);
        await(d -> d.getCurrentUrl().contains("search=" + user) ? true : null, "the users found");
        console("15-users");
        press(By.linkText(user));
        await(d -> d.findElements(By.id("reset")).isEmpty() ? null : true, "the user's page");
        console("16-user");
        press(By.id("reset"));
        await(d -> d.findElements(By.cssSelector("p.ok")).isEmpty() ? null : true, "the reset's outcome");
        console("17-user-reset");

        press(By.cssSelector("nav a[href$='/admin/policy']"));
        await(d -> d.findElements(By.cssSelector("form input[name=graceDays]")).isEmpty() ? null : true, "the policy");
        console("18-policy");
        WebElement grace = browser.findElement(By.cssSelector("input[name=graceDays]"));
        grace.clear();
        grace.sendKeys("3", Keys.ENTER);
        await(d -> d.findElements(By.cssSelector("p.ok")).isEmpty() ? null : true, "the policy's outcome");
        assertEquals("3", browser.findElement(By.cssSelector("input[name=graceDays]")).getAttribute("value"));
        console("19-policy-saved");
        press(By.cssSelector("nav a[href$='/admin/groups']"));
        await(d -> d.getCurrentUrl().endsWith("/admin/groups") ? true : null, "the groups");
        console("20-groups");
        press(By.cssSelector("nav a[href$='/admin/audit']"));
        await(d -> d.getCurrentUrl().contains("/admin/audit") ? true : null, "the audit log");
        console("21-audit-log");

        // The user again: a reset ends any grace period, a new authenticator comes first.
        browser.manage().deleteAllCookies();
        browser.get(gateway + "demo/welcome");
        awaitPath("/.tollgate/login");
        if (lang.equals("fr")) {
            browser.findElement(By.linkText("Français")).click();
            await(d -> "fr".equals(d.findElement(By.tagName("html")).getAttribute("lang")) ? true : null, "French");
        }
        typeAndEnter(user, Keys.TAB, TestAccounts.PASSWORD);
        awaitPath("/.tollgate/enroll");
        ours("22-enroll-again", false);
        Authenticator newPhone = Authenticator.fromPicture(
                browser.findElement(By.cssSelector("img.qr")).getScreenshotAs(OutputType.BYTES));
        browser.findElement(By.id("code")).sendKeys(newPhone.code(), Keys.ENTER);
        awaitPath("/.tollgate/recovery-codes");
        List<String> newCodes = browser.findElements(By.cssSelector("ol.codes code")).stream().map(WebElement::getText)
                .toList();
        assertEquals(10, newCodes.size());
        assertTrue(newCodes.stream().noneMatch(codes::contains), "a new set");
        press(By.cssSelector("form[action*='/recovery-codes/saved'] button"));
        awaitPath("/demo/welcome");
        PageChecks.noConsoleErrors(browser);

        // The gateway's own answer where no application is configured, in the language chosen on the portal.
        browser.get(gateway + "nothing-here");
        ours("23-not-found", false);
        // The same pages when the system is set to dark.
        browser.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        browser.get(gateway + ".tollgate/account");
        ours("24-account-dark", false);
        signOut();
        browser.get(gateway + "demo/welcome");
        awaitPath("/.tollgate/login");
        ours("25-sign-in-dark", true);
    }

    /** A page of the portal: every check, then its pictures. */
    private void ours(String step, boolean focusOnFirstField) {
        assertEquals(lang, browser.findElement(By.tagName("html")).getAttribute("lang"), step);
        Screenshots.take(browser, lang + "/" + step);
        PageChecks.all(browser, focusOnFirstField);
    }

    /** A page of the console: every check but the focus (its pages are lists first), then its pictures. */
    private void console(String step) {
        ours(step, false);
    }

    /** From the sign-out page: its button, then the page that says it is done. */
    private void signOut() {
        if (!URI.create(browser.getCurrentUrl()).getPath().equals("/.tollgate/logout")) {
            browser.get(gateway + ".tollgate/logout");
        }
        press(By.cssSelector("main form button[type=submit]"));
        await(d -> d.findElements(By.cssSelector("main form")).isEmpty() ? true : null, "the signed-out page");
    }

    private void signInWithPassword(String user) {
        browser.get(gateway + "demo/welcome");
        awaitPath("/.tollgate/login");
        typeAndEnter(user, Keys.TAB, TestAccounts.PASSWORD);
    }

    /** Types into the field that has the focus, as a person does, and presses Enter. */
    private void typeAndEnter(CharSequence... keys) {
        Actions typing = new Actions(browser);
        for (CharSequence k : keys) {
            typing.sendKeys(k);
        }
        typing.sendKeys(Keys.ENTER).perform();
    }

    /** Gives a control the focus and presses Enter (or the given key) on it. */
    private void press(By control, Keys... key) {
        WebElement element = await(d -> {
            List<WebElement> found = d.findElements(control);
            return found.isEmpty() ? null : found.get(0);
        }, "the control " + control);
        element.sendKeys(key.length == 0 ? Keys.ENTER : key[0]);
    }

    private int withKey(String key) {
        return given().redirects().follow(false).header("Authorization", "AuthKey " + key)
                .get(gateway + "demo/report").statusCode();
    }

    private void awaitPath(String path) {
        await(d -> URI.create(d.getCurrentUrl()).getPath().equals(path) ? true : null, "the page " + path);
    }

    private <T> T await(ExpectedCondition<T> condition, String what) {
        try {
            return new WebDriverWait(browser, PAGE_WAIT).until(condition);
        } catch (TimeoutException e) {
            return fail("waited " + PAGE_WAIT.toSeconds() + " s for " + what + ", still on " + browser.getCurrentUrl()
                    + " \"" + browser.getTitle() + "\": " + browser.findElement(By.tagName("body")).getText());
        }
    }
}
