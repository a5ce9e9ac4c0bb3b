package io.tollgate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * What every page of the portal and the console must pass in a real browser: nothing in the
 * console, a label for every field, the focus on the first field to fill, every control reached
 * with the Tab key and showing where the focus is, axe-core's WCAG 2.1 A and AA rules (contrast
 * among them), and no sideways scrolling at a phone's width or a desktop's.
 */
public final class PageChecks {

    public static final int PHONE = 375;
    public static final int DESKTOP = 1280;

    private static final String AXE = read("/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js");

    private PageChecks() {
    }

    /** Every check, at both widths. */
    public static void all(ChromeDriver browser, boolean focusOnFirstField) {
        browser.executeScript("window.__shownFocus = document.activeElement");
        noConsoleErrors(browser);
        everyFieldLabelled(browser);
        if (focusOnFirstField) {
            focusOnFirstFieldToFill(browser);
        }
        for (int width : new int[] { PHONE, DESKTOP }) {
            width(browser, width);
            fitsTheWidth(browser, width);
            passesAxe(browser, width);
        }
        reachableByKeyboard(browser);
        noConsoleErrors(browser);
        // Back as the page was shown: at the top, the focus where the page put it.
        browser.executeScript("""
                document.activeElement.blur();
                if (window.__shownFocus && window.__shownFocus !== document.body) window.__shownFocus.focus();
                window.scrollTo(0, 0);""");
    }

    /** The viewport at this width (a phone's is 812 px tall, a desktop's 900). */
    public static void width(ChromeDriver browser, int width) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height",
                width == PHONE ? 812 : 900, "deviceScaleFactor", 1, "mobile", width == PHONE));
    }

    /** Nothing the page logged as an error since the last look (scripts, refused resources, CSP). */
    public static void noConsoleErrors(ChromeDriver browser) {
        List<String> errors = new ArrayList<>();
        // An error page's own status (404, 403) is its answer, not a failure of the page.
        String ownStatus = browser.getCurrentUrl() + " - Failed to load resource";
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !entry.getMessage().startsWith(ownStatus)) {
                errors.add(entry.getLevel() + " " + entry.getMessage());
            }
        }
        assertTrue(errors.isEmpty(), browser.getTitle() + ": the console says " + errors);
    }

    public static void everyFieldLabelled(ChromeDriver browser) {
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) browser.executeScript("""
                return [...document.querySelectorAll('input, select, textarea')]
                  .filter(f => f.type !== 'hidden' && f.type !== 'submit' && f.type !== 'button')
                  .filter(f => !(f.labels && f.labels.length) && !f.getAttribute('aria-label')
                    && !f.getAttribute('aria-labelledby'))
                  .map(f => f.outerHTML);""");
        assertTrue(unlabelled.isEmpty(), browser.getTitle() + ": fields without a label " + unlabelled);
    }

    /** The focus is where typing starts: the first empty field of the page's form. */
    public static void focusOnFirstFieldToFill(ChromeDriver browser) {
        Object expected = browser.executeScript("""
                const f = [...document.querySelectorAll('main input, main select, main textarea')]
                  .find(f => f.type !== 'hidden' && f.type !== 'checkbox' && !f.value);
                return f ? f.id : null;""");
        Object focused = browser.executeScript("return document.activeElement.id");
        assertEquals(expected, focused, browser.getTitle() + ": the focus");
    }

    /**
     * Tab goes through every link, button and field of the page in order, each showing an
     * outline while it has the focus.
     */
    public static void reachableByKeyboard(ChromeDriver browser) {
        browser.executeScript("document.activeElement.blur(); window.scrollTo(0, 0)");
        @SuppressWarnings("unchecked")
        List<String> controls = (List<String>) browser.executeScript("""
                window.__controls = [...document.querySelectorAll('a[href], button, input, select, textarea, summary')]
                  .filter(e => e.type !== 'hidden' && !e.disabled && e.getClientRects().length > 0
                    && getComputedStyle(e).visibility !== 'hidden');
                return window.__controls.map(e => e.outerHTML.slice(0, 120));""");
        List<String> missed = new ArrayList<>(controls);
        List<String> unmarked = new ArrayList<>();
        Actions keys = new Actions(browser);
        // A date field is several stops (day, month, year...): room for them.
        for (int press = 0; press < controls.size() * 6 + 10 && !missed.isEmpty(); press++) {
            keys.sendKeys(Keys.TAB).perform();
            @SuppressWarnings("unchecked")
            Map<String, Object> now = (Map<String, Object>) browser.executeScript("""
                    const e = document.activeElement, s = getComputedStyle(e);
                    const i = window.__controls.indexOf(e);
                    const shown = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
                    return { index: i, shown: shown, html: e.outerHTML.slice(0, 120) };""");
            int index = ((Number) now.get("index")).intValue();
            if (index >= 0) {
                missed.remove(controls.get(index));
                if (!Boolean.TRUE.equals(now.get("shown"))) {
                    unmarked.add((String) now.get("html"));
                }
            }
        }
        // Radio buttons of one group are one Tab stop; the page has none today.
        assertTrue(missed.isEmpty(), browser.getTitle() + ": not reached with Tab " + missed);
        assertTrue(unmarked.isEmpty(), browser.getTitle() + ": no visible focus on " + unmarked);
    }

    public static void fitsTheWidth(ChromeDriver browser, int width) {
        long wide = ((Number) browser.executeScript("return document.documentElement.scrollWidth")).longValue();
        if (wide > width) {
            Object beyond = browser.executeScript("""
                    return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > arguments[0])
                      .slice(0, 5).map(e => e.outerHTML.slice(0, 160));""", width);
            org.junit.jupiter.api.Assertions.fail(browser.getTitle() + ": " + wide + " px wide in a " + width + " px window; beyond: " + beyond);
        }
    }

    /** axe-core's WCAG 2.0/2.1 A and AA rules, run in the page. */
    public static void passesAxe(ChromeDriver browser, int width) {
        browser.executeScript(AXE);
        Object result = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                  .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — '
                      + v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' '))
                        .join(' | '))))
                  .catch(e => done(['axe failed: ' + e]));""");
        assertEquals(List.of(), result, browser.getTitle() + " at " + width + " px");
    }

    private static String read(String resource) {
        try (InputStream in = PageChecks.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath (org.webjars.npm:axe-core)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
