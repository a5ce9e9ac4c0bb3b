package io.tollgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Whole-page pictures of the browser tests' steps, at a phone's width and a desktop's, into
 * {@code target/screenshots/}. With {@code TOLLGATE_SCREENSHOTS=docs/screenshots} in the
 * environment they also replace the pictures the documentation shows (README, user guide):
 * {@code TOLLGATE_SCREENSHOTS=docs/screenshots ./mvnw test -Dtest=ProductTourTest}.
 */
public final class Screenshots {

    private static final Path BUILD = Path.of("target", "screenshots");
    /** Pages are cut at this height: the documents show the top of very long ones. */
    private static final int MAX_HEIGHT = 2400;

    private Screenshots() {
    }

    /** @param name for example {@code en/03-recovery-codes}; {@code -375.png} and {@code -1280.png} are added */
    public static void take(ChromeDriver browser, String name) {
        for (int width : new int[] { PageChecks.PHONE, PageChecks.DESKTOP }) {
            PageChecks.width(browser, width);
            browser.executeScript("window.scrollTo(0, 0)");
            long height = ((Number) browser.executeScript(
                    "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")).longValue();
            // The whole page beyond the window, as it lays out at this width (no taller window, whose height
            // would change a page sized on it).
            @SuppressWarnings("unchecked")
            Map<String, Object> shot = (Map<String, Object>) (Map<?, ?>) browser.executeCdpCommand("Page.captureScreenshot",
                    Map.of("format", "png", "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0,
                            "width", width, "height", Math.min(MAX_HEIGHT, height), "scale", 1)));
            byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
            write(BUILD, name + "-" + width + ".png", png);
            String docs = System.getenv("TOLLGATE_SCREENSHOTS");
            if (docs != null && !docs.isBlank()) {
                write(Path.of(docs), name + "-" + width + ".png", png);
            }
        }
        PageChecks.width(browser, PageChecks.DESKTOP);
    }

    private static void write(Path dir, String file, byte[] png) {
        try {
            Path target = dir.resolve(file);
            Files.createDirectories(target.getParent());
            Files.write(target, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
