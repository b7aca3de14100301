package org.plotracker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.testsupport.EmbeddedStackExtension;
import org.plotracker.workspace.WorkspacePaths;

/**
 * The workspace's pages in a real browser: headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * which {@code .ci/run} installs) driven by Selenium through the driver at {@value #DRIVER}, given explicitly because
 * Selenium Manager cannot download one here. Screenshots are saved under {@code target/}.
 */
@Tag("integration")
@Timeout(600)
class WorkspaceBrowserTest {

    static final String DRIVER = "/usr/bin/chromedriver";
    static final String BROWSER = "/usr/bin/chromium";
    static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final EmbeddedStackExtension STACK = EmbeddedStackExtension.perClass();

    @TempDir
    static Path state;

    static TrackerInstance tracker;
    static ChromeDriver browser;
    static String base;

    @BeforeAll
    static void startTrackerAndBrowser() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(DRIVER)) && Files.isExecutable(Path.of(BROWSER)),
                "Chromium is not installed (" + BROWSER + ", " + DRIVER + "): apt-get install -y chromium "
                        + "chromium-driver (.ci/run does this); the real-browser test is skipped");
        String applicationId = "ws-browser-" + UUID.randomUUID().toString().substring(0, 8);
        tracker = TrackerInstance.start(TrackerInstance.config(STACK.clientProperties(), STACK.schemaRegistryUrl(),
                applicationId, state, Map.of()));
        base = "http://127.0.0.1:" + tracker.service().workspace().port();
        TrackerInstance.publish(STACK.clientProperties(), STACK.schemaRegistryUrl(), SourceCases.events(), 500);
        tracker.awaitDecided();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1700", "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    void casePatientPageDrawsOnePointPerScanWithTheTableAlternative() throws Exception {
        browser.get(base + WorkspacePaths.patientPage(SourceCases.patientId(5)));
        JavascriptExecutor js = browser;
        new WebDriverWait(browser, WAIT).until(d -> js.executeScript(
                "return window.ploCharts && window.ploCharts['LUMBAR_SPINE'] ? true : false").equals(Boolean.TRUE));

        // uPlot's own data: one x per scan, a Z-score point at each (case 5's scans report Z and T, not BMD)
        Number xs = (Number) js.executeScript("return window.ploCharts['LUMBAR_SPINE'].data[0].length");
        Number zPoints = (Number) js.executeScript(
                "return window.ploCharts['LUMBAR_SPINE'].data[2].filter(v => v != null).length");
        assertThat(xs.intValue()).isEqualTo(2);
        assertThat(zPoints.intValue()).isEqualTo(2);
        WebElement chart = browser.findElement(By.id("chart-LUMBAR_SPINE"));
        assertThat(chart.getAttribute("data-points")).isEqualTo("2");
        assertThat(chart.findElements(By.tagName("canvas"))).isNotEmpty();
        // the LSC band (two band series) and the treatment shading are part of the same chart
        Number series = (Number) js.executeScript("return window.ploCharts['LUMBAR_SPINE'].series.length");
        assertThat(series.intValue()).isEqualTo(1 + 3 + 2);

        // the table alternative holds the same two scans
        List<WebElement> rows = browser.findElements(By.cssSelector("#scans-LUMBAR_SPINE tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getAttribute("textContent")).contains("2023-08-09").contains("-2.7");
        assertThat(rows.get(1).getAttribute("textContent")).contains("2024-05-09").contains("-1.0");
        assertThat(browser.findElement(By.id("changes-table")).getText()).contains("SIGNIFICANT_GAIN");
        assertThat(browser.findElement(By.id("summary")).getText()).contains("TERIPARATIDE");
        assertThat(browser.findElements(By.cssSelector(".error"))).isEmpty();

        screenshot("workspace-patient-case5.png");
    }

    @Test
    void acknowledgingAnAlertTakesItOffTheWorklist() throws Exception {
        browser.get(base + WorkspacePaths.WORKLIST_PAGE);
        new WebDriverWait(browser, WAIT).until(d -> !d.findElements(By.cssSelector("#worklist button.ack")).isEmpty());
        int before = browser.findElements(By.cssSelector("#worklist button.ack")).size();
        WebElement button = browser.findElements(By.cssSelector("#worklist button.ack")).get(0);
        String alertId = button.getAttribute("data-alert-id");
        browser.findElement(By.id("ack-by")).sendKeys("dr-browser");
        WebElement row = button.findElement(By.xpath("./ancestor::tr"));
        row.findElement(By.cssSelector(".ack-note")).sendKeys("reviewed");
        screenshot("workspace-worklist.png");
        button.click();

        By sameAlert = By.cssSelector("#worklist tr[data-alert-id='" + alertId + "']");
        new WebDriverWait(browser, WAIT).until(d -> d.findElements(sameAlert).isEmpty());
        // after a reload the server's worklist no longer lists it either
        browser.navigate().refresh();
        new WebDriverWait(browser, WAIT).until(d -> d.findElement(By.id("paging")).getText().contains("open alert"));
        assertThat(browser.findElements(sameAlert)).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#worklist button.ack"))).hasSize(before - 1);
        screenshot("workspace-worklist-after-acknowledge.png");
    }

    private static void screenshot(String name) throws Exception {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.write(target, browser.getScreenshotAs(OutputType.BYTES));
    }
}
