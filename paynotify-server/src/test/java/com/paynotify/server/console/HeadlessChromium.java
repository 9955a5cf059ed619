package com.paynotify.server.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, driven by its own chromedriver: both paths are set, so Selenium never looks
 * for or downloads a browser. Without Chromium the test is skipped, except under {@code CI=true},
 * where it fails.
 */
final class HeadlessChromium {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  static ChromeDriver start() {
    return start("en-US,en");
  }

  /**
   * A browser whose languages, as {@code navigator.languages} and {@code Accept-Language}, are
   * these.
   */
  static ChromeDriver start(String languages) {
    if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
      var missing =
          "needs " + BROWSER + " and " + DRIVER + " (apt-get install -y chromium chromium-driver)";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail("CI=true: the browser test " + missing);
      }
      Assumptions.abort("skipped: the browser test " + missing);
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("paynotify-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1440,900",
        "--user-data-dir=" + profile,
        "--lang=" + languages.split(",")[0]);
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", languages));
    var service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    var driver = new ChromeDriver(service, options);
    driver.manage().timeouts().implicitlyWait(Duration.ZERO);
    return driver;
  }
}
