package org.opentriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opentriage.cli.Cli.triage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.opentriage.protocol.Protocol;
import org.opentriage.protocol.ProtocolLibrary;

/**
 * {@code triage review}: one self-contained page per protocol with every question on it, no script and no network;
 * rendered in a real headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs), with a
 * screenshot written to target/screenshots for review.
 */
class ReviewCommandTest {
    private static final Protocol CHEST = ProtocolLibrary.bundled().resolve("chest-pain-adult",
            ProtocolLibrary.Resolution.ANY_STATUS).orElseThrow();

    @Test
    void thePage_hasEveryQuestion_itsApprovalState_andNoScriptOrNetwork(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("review.html");

        Cli.Run run = triage("review", "chest-pain-adult", "--html", page.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        String html = Files.readString(page);
        CHEST.questions().forEach(q -> assertThat(html).contains("id=\"q-" + q.id() + "\""));
        assertThat(html).contains("Approval: <b>draft</b> — NOT clinically validated", "<svg", CHEST.contentHash(),
                "[es] ¿El paciente tiene dolor", "Test cases (", "<section id=\"coverage\"><h2>Coverage by the test cases</h2>",
                "<tr><td>red flags</td>");
        assertThat(html).doesNotContain("<script", "src=\"http", "href=\"http", "@import");
    }

    @Test
    void inARealBrowser_thePageRenders_everyQuestionIsOnIt_andAScreenshotIsWritten(@TempDir Path dir) throws IOException {
        Path page = dir.resolve("review.html");
        assertThat(triage("review", "chest-pain-adult", "--html", page.toString()).exitCode()).isEqualTo(ExitCode.OK);
        WebDriver browser = Chromium.open(page, dir);
        try {

            assertThat(browser.getTitle()).isEqualTo("Chest pain (adult) — review");
            assertThat(browser.findElement(By.tagName("svg")).getSize().getHeight()).isGreaterThan(200);
            List<String> rendered = browser.findElements(By.cssSelector("article.question")).stream()
                    .map(e -> e.getAttribute("id")).toList();
            assertThat(rendered).containsExactlyInAnyOrderElementsOf(CHEST.questions().map(q -> "q-" + q.id()).toList());
            assertThat(browser.findElement(By.id("q-pressure-or-spreading")).isDisplayed()).isTrue();
            assertThat(Chromium.screenshot(browser, "review-chest-pain-adult.png")).isNotEmptyFile();
        } finally {
            browser.quit();
        }
    }
}
