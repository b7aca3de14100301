package org.plotracker.it;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.plotracker.contracts.demo.SourceCases;
import org.plotracker.workspace.WorkspacePaths;

/**
 * Measures the workspace's latency on a running tracker (e.g. {@code ./demo --keep-running}): API calls one after the
 * other from one client, and page loads in headless Chromium (Navigation Timing, and until the charts are drawn).
 * A harness run for docs/benchmarks.md, not a test: it asserts nothing and prints percentiles.
 *
 * <pre>java -cp ... org.plotracker.it.WorkspaceLatencyHarness http://127.0.0.1:8080 [apiRounds] [pageRounds]</pre>
 */
public final class WorkspaceLatencyHarness {

    private WorkspaceLatencyHarness() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0].replaceAll("/$", "") : "http://127.0.0.1:8080";
        int apiRounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int pageRounds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        HttpClient http = HttpClient.newHttpClient();
        String patient = SourceCases.patientId(5);
        List<String> paths = List.of(WorkspacePaths.patient(patient), WorkspacePaths.patientBmd(patient),
                WorkspacePaths.worklist(0, 50), WorkspacePaths.COHORT, WorkspacePaths.BMD_CHANGES,
                WorkspacePaths.READY);
        System.out.printf(Locale.ROOT, "API latency, %d sequential requests each after 50 warm-up (ms)%n", apiRounds);
        System.out.printf(Locale.ROOT, "%-32s %8s %8s %8s %8s%n", "endpoint", "p50", "p95", "p99", "max");
        for (String path : paths) {
            for (int i = 0; i < 50; i++) {
                get(http, base + path);
            }
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < apiRounds; i++) {
                long start = System.nanoTime();
                int status = get(http, base + path);
                times.add((System.nanoTime() - start) / 1e6);
                if (status != 200) {
                    throw new IllegalStateException(path + " answered " + status);
                }
            }
            print(path, times);
        }

        ChromeOptions options = new ChromeOptions();
        options.setBinary(WorkspaceBrowserTest.BROWSER);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1600");
        ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(WorkspaceBrowserTest.DRIVER)).usingAnyFreePort().build(), options);
        try {
            System.out.printf(Locale.ROOT, "%nPage load in headless Chromium, %d loads each after 3 warm-up (ms)%n",
                    pageRounds);
            System.out.printf(Locale.ROOT, "%-32s %8s %8s %8s %8s%n", "page (until)", "p50", "p95", "p99", "max");
            measurePage(browser, base + WorkspacePaths.patientPage(patient), "patient page (charts drawn)",
                    "return window.ploCharts && window.ploCharts['LUMBAR_SPINE'] ? true : false", pageRounds);
            measurePage(browser, base + WorkspacePaths.WORKLIST_PAGE, "worklist page (rows shown)",
                    "return document.getElementById('paging').textContent.length > 0", pageRounds);
            measurePage(browser, base + WorkspacePaths.COHORT_PAGE, "cohort page (tables shown)",
                    "return document.getElementById('cohort').textContent.length > 0", pageRounds);
        } finally {
            browser.quit();
        }
    }

    private static void measurePage(ChromeDriver browser, String url, String label, String ready, int rounds) {
        JavascriptExecutor js = browser;
        List<Double> untilReady = new ArrayList<>();
        List<Double> loadEvent = new ArrayList<>();
        for (int i = 0; i < rounds + 3; i++) {
            long start = System.nanoTime();
            browser.get(url);
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(js.executeScript(ready)));
            double readyMs = (System.nanoTime() - start) / 1e6;
            double load = ((Number) js.executeScript("const t = performance.getEntriesByType('navigation')[0];"
                    + " return t.loadEventEnd - t.startTime;")).doubleValue();
            if (i >= 3) {
                untilReady.add(readyMs);
                loadEvent.add(load);
            }
        }
        print(label, untilReady);
        print("  (navigation load event)", loadEvent);
    }

    private static int get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void print(String label, List<Double> times) {
        List<Double> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%-32s %8.1f %8.1f %8.1f %8.1f%n", label, pct(sorted, 50), pct(sorted, 95),
                pct(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
