package dev.hpm.server.ui;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * A real headless Chromium for the web UI's tests: Debian's {@code chromium} driven through its
 * {@code chromedriver} (paths overridable with {@code -Dhpm.test.chromium} and
 * {@code -Dhpm.test.chromedriver}; nothing is downloaded). Screenshots go to
 * {@code hpm-server/target/ui-screenshots} (system property {@code hpm.ui.screenshots}).
 */
public final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("hpm.test.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("hpm.test.chromedriver", "/usr/bin/chromedriver"));
    static final Path SHOTS = Path.of(System.getProperty("hpm.ui.screenshots", "hpm-server/target/ui-screenshots"));
    public final ChromeDriver driver;
    public final Path downloads;
    private final String base;

    public Browser(String base) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("the web UI tests need " + CHROMIUM + " and " + DRIVER
                    + ": apt-get install chromium chromium-driver (or exclude the group \"browser\")");
        }
        this.base = base;
        try {
            downloads = Files.createTempDirectory("hpm-ui-downloads-");
            Files.createDirectories(SHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,800", "--lang=en-GB", "--no-first-run", "--disable-extensions");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    /** Opens a page of the UI, e.g. {@code "#/groups"}. */
    public void open(String hash) {
        driver.get(base + "/ui/" + hash);
    }

    public WebElement find(String css) {
        return until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)), Duration.ofSeconds(20));
    }

    public <T> T until(Function<WebDriver, T> condition, Duration timeout) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class) // the page redraws live figures
                .until(condition);
    }

    /** Waits until the page's main area shows {@code text}. */
    public void waitForText(String text) {
        waitForText(text, Duration.ofSeconds(20));
    }

    public void waitForText(String text, Duration timeout) {
        until(d -> d.findElement(By.tagName("body")).getText().contains(text) ? true : null, timeout);
    }

    public String text(String css) {
        return find(css).getText();
    }

    public void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    /** Types into a field and leaves it, so that its change event fires. */
    public void change(String css, String text) {
        WebElement e = find(css);
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", e, text);
    }

    public void choose(String css, String value) {
        new Select(find(css)).selectByValue(value);
    }

    public void click(String css) {
        until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)), Duration.ofSeconds(20)).click();
    }

    /**
     * Clicks {@code css}, a button that asks for confirmation, and accepts the dialog. A page that
     * renders again just as the button is clicked (its periodic refresh) can take the click with the
     * node it replaces, as it would a user's: then no dialog comes, and the button is clicked again,
     * as a user would, three times at the most.
     */
    public void clickAndConfirm(String css) {
        for (int attempt = 1; ; attempt++) {
            click(css);
            try {
                new WebDriverWait(driver, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();
                return;
            } catch (org.openqa.selenium.TimeoutException lost) {
                if (attempt == 3) {
                    throw new AssertionError("clicking " + css + " three times brought no confirmation dialog", lost);
                }
            }
        }
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Runs asynchronous JavaScript; it ends by calling its last argument with the result. */
    public Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    public void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves a screenshot of the whole page as {@code name.png}. */
    public Path screenshot(String name) {
        Object height = script("return Math.max(800, document.documentElement.scrollHeight)");
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(before.width, Math.min(4000, ((Number) height).intValue())));
        try {
            Path file = SHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /**
     * Saves a screenshot of one element as {@code name.png}: the visible page, cropped to it. The
     * window keeps its size and nothing scrolls, so a hover stays (chromedriver's own element
     * screenshot leaves the page's coordinates shifted for the clicks after it).
     */
    public Path screenshot(String name, WebElement element) {
        try {
            java.awt.image.BufferedImage page = javax.imageio.ImageIO.read(
                    new java.io.ByteArrayInputStream(driver.getScreenshotAs(OutputType.BYTES)));
            @SuppressWarnings("unchecked")
            Map<String, Number> r = (Map<String, Number>) script("const r = arguments[0].getBoundingClientRect(), k = devicePixelRatio;"
                    + "return {x: r.x * k, y: r.y * k, w: r.width * k, h: r.height * k};", element);
            int x = Math.max(0, r.get("x").intValue());
            int y = Math.max(0, r.get("y").intValue());
            int w = Math.min(page.getWidth() - x, (int) Math.ceil(r.get("w").doubleValue()));
            int h = Math.min(page.getHeight() - y, (int) Math.ceil(r.get("h").doubleValue()));
            Path file = SHOTS.resolve(name + ".png");
            javax.imageio.ImageIO.write(page.getSubimage(x, y, w, h), "png", file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Logs in as {@code user} on {@code page} (a hash route), first logging out whoever is logged in,
     * so that each test stands on its own; {@code readyId} is an element id the page shows when logged in.
     */
    public void login(String page, String readyId, String user, String password) {
        open(page);
        until(d -> !d.findElements(By.id("login-user")).isEmpty() || !d.findElements(By.id(readyId)).isEmpty()
                ? true : null, Duration.ofSeconds(20));
        if (!driver.findElements(By.id(readyId)).isEmpty()) {
            if (text(".who .user").startsWith(user + " ")) {
                return;
            }
            click(".who button");
            waitForText("You have logged out.");
        }
        type("#login-user", user);
        type("#login-password", password);
        find("#login-password").sendKeys(org.openqa.selenium.Keys.ENTER);
        find(".who .user"); // logged in; the page is the overview after a log out
    }

    /**
     * A JUnit callback that leaves, when a test fails, a screenshot {@code prefix-failed-METHOD.png}
     * and the page's text, to see what the user would have seen.
     */
    public static org.junit.jupiter.api.extension.AfterTestExecutionCallback onFailure(
            java.util.function.Supplier<Browser> browser, String prefix) {
        return context -> {
            Browser b = browser.get();
            if (context.getExecutionException().isPresent() && b != null) {
                b.screenshot(prefix + "failed-" + context.getRequiredTestMethod().getName());
                System.out.println("[ui] page at failure (" + b.driver.getCurrentUrl() + "):\n"
                        + b.driver.findElement(By.tagName("body")).getText());
            }
        };
    }

    /** The scenario resource {@code name} next to {@code owner}, copied to a temporary file for a test server. */
    public static Path scenario(Class<?> owner, String name) throws IOException {
        Path file = Files.createTempFile("ui-" + name.replace(".yaml", "") + "-", ".yaml");
        try (var in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no scenario resource " + name + " beside " + owner.getName());
            }
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(downloads)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

}
