package org.opentriage.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs) for the tests of the pages
 * the command line writes, and their screenshots in target/screenshots for review. Without the browser such a test is
 * skipped, unless TRIAGE_BROWSER=required (as CI runs), where it fails.
 */
final class Chromium {
    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Chromium() {
    }

    /** A browser on the page, with its profile in {@code dir}; the caller quits it. */
    static WebDriver open(Path page, Path dir) {
        boolean present = Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
        if (!"required".equals(System.getenv("TRIAGE_BROWSER"))) {
            Assumptions.assumeTrue(present, "needs Debian's chromium and chromium-driver; skipped");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--window-size=1100,1600",
                "--user-data-dir=" + dir.resolve("chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            browser.get(page.toUri().toString());
            return browser;
        } catch (RuntimeException e) {
            browser.quit();
            throw e;
        }
    }

    /** Writes what the browser shows to target/screenshots/{@code name}; returns the file. */
    static Path screenshot(WebDriver browser, String name) throws IOException {
        Path file = Files.createDirectories(SCREENSHOTS).resolve(name);
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        return file;
    }
}
