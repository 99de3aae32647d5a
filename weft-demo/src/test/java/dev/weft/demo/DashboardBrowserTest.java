package dev.weft.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.coroutine.EventLoops;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: the demo under a real master with {@code start --dashboard}, Debian's chromium
 * driven through {@code /usr/bin/chromedriver} (Selenium Manager is never asked: it cannot download here). Each
 * page is screenshotted to {@code target/dashboard-screenshots/}. Without chromium and chromedriver the test
 * fails, saying what to install.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String CHROMIUM = "/usr/bin/chromium";
    static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static Process master;
    static Process redis;
    static WebDriver browser;
    static WebDriverWait wait;
    static String base;
    static String token;
    static int http;
    static final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        for (String tool : List.of(CHROMEDRIVER, CHROMIUM)) {
            assertThat(new File(tool).canExecute())
                    .withFailMessage(
                            tool + " is missing: the dashboard's browser test needs Debian's chromium and"
                                    + " chromium-driver (apt-get install chromium chromium-driver; .ci/services.sh installs them)")
                    .isTrue();
        }
        Files.createDirectories(SCREENSHOTS);
        http = freePort();
        int dashboard = freePort();
        Map<String, String> env = new HashMap<>(Map.of(
                "WEFT_HTTP_PORT", "" + http,
                "WEFT_WS_PORT", "" + freePort(),
                "WEFT_TEXT_PORT", "" + freePort(),
                "WEFT_HTTPS_PORT", "" + freePort(),
                "WEFT_WSS_PORT", "" + freePort(),
                "WEFT_WORKERS", "1",
                "WEFT_RUN_DIR", dir.resolve("run").toString(),
                "WEFT_CONTROL_REDIS", redisUrl(),
                "WEFT_CONTROL_SECRET", "dashboard-test-secret-0123456789"));
        ProcessBuilder pb = new ProcessBuilder(command("start", "--dashboard", "127.0.0.1:" + dashboard))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("master.out").toFile());
        pb.environment().putAll(env);
        master = pb.start();
        Path tokenFile = dir.resolve("run").resolve("weft.dashboard.token");
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> get("/").statusCode() == 200 && Files.exists(tokenFile));
        token = Files.readString(tokenFile).strip();
        base = "http://127.0.0.1:" + dashboard;
        assertThat(Files.readString(dir.resolve("master.out"))).contains(base + "/login#token=" + token);

        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,900");
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.quit();
        if (master != null && master.isAlive()) {
            master.destroy(); // SIGTERM: the master stops its children
            if (!master.waitFor(30, TimeUnit.SECONDS)) master.destroyForcibly();
        }
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void theLoginLinkTheMasterPrintedLogsTheBrowserIn() throws Exception {
        browser.get(base + "/processes");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("token")));
        screenshot("login");
        browser.get(base + "/login#token=" + token);
        wait.until(ExpectedConditions.urlToBe(base + "/processes"));
        var cookie = browser.manage().getCookieNamed("weft_dashboard");
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
    }

    @Test
    @Order(2)
    void theProcessesPageShowsEveryProcessLive() throws Exception {
        browser.get(base + "/processes");
        // 5 Workers of one process each (web, web-tls, chat, chat-tls, echo), and the warm standbys of the
        // two reloadable ones.
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#processes tbody tr"), 7));
        wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("processes"), "standby"));
        String first =
                browser.findElement(By.cssSelector("#processes tbody tr")).getText();
        assertThat(first).contains("web").contains("MiB");
        screenshot("processes");
    }

    @Test
    @Order(3)
    void aSleepCancelledFromTheCoroutinesPageAnswersCancelledAfter() throws Exception {
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/sleep?ms=120000"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        browser.get(base + "/coroutines");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("search"))).sendKeys("sleep");
        By sleeping = By.xpath("//table[@id='coroutines']//tr[td[6]='sleep']");
        // The stack on click: the handler waits in DemoHttp's sleep.
        clickFresh(By.xpath("//table[@id='coroutines']//tr[td[6]='sleep']/td[3]"));
        wait.until(ExpectedConditions.textMatches(By.id("stack"), java.util.regex.Pattern.compile("(?s).*DemoHttp.*")));
        assertThat(browser.findElements(sleeping)).hasSize(1);
        screenshot("coroutines");
        assertThat(pending).isNotDone();

        clickFresh(By.xpath("//table[@id='coroutines']//tr[td[6]='sleep']//button[contains(@class,'cancel')]"));
        HttpResponse<String> r = pending.get(20, TimeUnit.SECONDS);
        assertThat(r.body()).contains("cancelled after");
        wait.until(ExpectedConditions.textMatches(By.id("flash"), java.util.regex.Pattern.compile("cancel .*: done")));
    }

    @Test
    @Order(4)
    void theHistogramCountsWaitsByEventAndAge() throws Exception {
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/sleep?ms=120000"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        browser.get(base + "/histogram");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#histogram tr[data-event='sleep']")));
        screenshot("histogram");
        // Clean up through the API with the Bearer token (no CSRF token needed: another site cannot send it).
        JsonNode list = JSON.readTree(api("GET", "/api/coroutines?q=sleep", null));
        for (JsonNode p : list.path("processes")) {
            for (JsonNode c : p.path("coroutines")) {
                api("POST", "/api/cancel", "{\"pid\":" + p.path("pid") + ",\"cid\":" + c.path("id") + "}");
            }
        }
        assertThat(pending.get(20, TimeUnit.SECONDS).body()).contains("cancelled after");
    }

    @Test
    @Order(5)
    void theExitStatisticsPageShowsExitsAndRestarts() throws Exception {
        browser.get(base + "/exits");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#workers tbody tr"), 5));
        assertThat(browser.findElement(By.id("exits")).getText()).contains("no process has exited");
        screenshot("exits");
    }

    @Test
    @Order(6)
    void theFleetPageListsEveryProcessThatAnswersOverRedis() throws Exception {
        browser.get(base + "/fleet");
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#fleet tbody tr"), 4));
        assertThat(browser.findElement(By.cssSelector("#fleet tbody")).getText())
                .contains("weft");
        screenshot("fleet");
    }

    @Test
    @Order(7)
    void reloadAndStopAskForConfirmationFirst() throws Exception {
        browser.get(base + "/processes");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#processes tbody tr"), 7));
        browser.findElement(By.id("reload")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.textMatches(By.id("flash"), java.util.regex.Pattern.compile("reload: .+")));
        screenshot("processes-reload");

        browser.findElement(By.id("stop")).click();
        wait.until(ExpectedConditions.alertIsPresent()).dismiss();
        assertThat(master.waitFor(1, TimeUnit.SECONDS)).isFalse();
        browser.findElement(By.id("stop")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        assertThat(master.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    /** Finds and clicks in one step, again if the live view replaced the element meanwhile. */
    private static void clickFresh(By by) {
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String api(String method, String path, String body) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
        if (body != null) b.header("Content-Type", "application/json");
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code WEFT_REDIS_URL} (what .ci/run starts), else a redis-server of this test's own. */
    private static String redisUrl() throws Exception {
        String shared = System.getenv("WEFT_REDIS_URL");
        if (shared != null && !shared.isBlank()) return shared;
        int port = freePort();
        redis = new ProcessBuilder(
                        "redis-server", "--port", "" + port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.out").toFile())
                .start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            }
        });
        return "redis://127.0.0.1:" + port;
    }

    private static List<String> command(String... args) {
        return DemoJvm.command(List.of(EventLoops.ADD_OPENS), args);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
