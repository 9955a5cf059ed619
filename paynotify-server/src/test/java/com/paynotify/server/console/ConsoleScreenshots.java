package com.paynotify.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes the README's screenshots of the console over realistic data, in English and, for
 * README.zh-CN.md, in Chinese (readable only with a CJK font installed: {@code apt-get install
 * fonts-noto-cjk}). Its name is outside surefire's test patterns, so {@code verify} never runs it;
 * run it when the console changes: {@code ./mvnw -B -q -pl paynotify-server -am test
 * -Dtest=ConsoleScreenshots -Dsurefire.failIfNoSpecifiedTests=false
 * -Dpaynotify.screenshots=$PWD/docs}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + ConsoleScreenshots.TOKEN,
      "paynotify.users[0].username=ops",
      "paynotify.users[0].password={noop}ops-password",
      "paynotify.users[0].role=admin",
      "paynotify.policies.once.intervals=",
      "paynotify.policies.patient.intervals=1h,6h",
      "paynotify.delivery.allowed-networks=127.0.0.0/8",
      "paynotify.delivery.poll-interval=100ms",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:screenshots;DB_CLOSE_DELAY=-1"
    })
class ConsoleScreenshots {
  static final String TOKEN = "screenshot-token";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void screenshotsOfTheSearchPageAndTheDashboard() throws Exception {
    var target = System.getProperty("paynotify.screenshots");
    Assumptions.assumeTrue(
        target != null && !target.isBlank(), "set -Dpaynotify.screenshots=<dir> to take them");
    var merchants =
        List.of(
            new Shop("tea-house", "Tea House", Reply.ok("ok"), 14, "once"),
            new Shop("book-corner", "Book Corner", Reply.ok("ok"), 11, "once"),
            new Shop("game-hub", "Game Hub", Reply.status(502, "Bad Gateway"), 7, "once"),
            new Shop(
                "coffee-co",
                "Coffee Co.",
                Reply.status(500, "{\"code\":\"SYSTEM_ERROR\"}"),
                5,
                "patient"),
            new Shop("flower-mart", "Flower Mart", Reply.ok("ok"), 6, "once"));
    var fakes = new ArrayList<FakeMerchant>();
    var ids = new ArrayList<String>();
    try {
      int order = 10231;
      for (var shop : merchants) {
        var fake = FakeMerchant.start().alwaysReply(shop.reply());
        fakes.add(fake);
        send(
            "POST",
            "/api/v1/merchants",
            "{\"id\":\"%s\",\"name\":\"%s\",\"callbackHosts\":[\"127.0.0.1\"]}"
                .formatted(shop.id(), shop.name()));
        for (int i = 0; i < shop.count(); i++) {
          var status = i % 9 == 8 ? "REFUNDED" : "SUCCESS";
          var created =
              send(
                  "POST",
                  "/api/v1/notifications",
                  """
              {"merchantId":"%s","channel":"WEBHOOK","orderNo":"ORD2026%06d","transactionId":"4200001%09d",
               "paymentStatus":"%s","amount":"%d.%02d","currency":"CNY","notifyUrl":"%s","retryPolicy":"%s"}"""
                      .formatted(
                          shop.id(),
                          order,
                          order * 7,
                          status,
                          12 + (order * 37) % 480,
                          order % 100,
                          fake.url("/pay/notify"),
                          shop.policy()));
          ids.add(created.get("id").asString());
          order += 3;
        }
      }
      Thread.sleep(3000);
      send(
          "POST",
          "/api/v1/notifications/" + ids.get(14 + 11 + 7) + "/abandon",
          "{\"reason\":\"order cancelled by the merchant\"}");

      var browser = HeadlessChromium.start();
      try {
        var wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get("http://127.0.0.1:" + port + "/");
        wait.until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#login-password input[name=username]")))
            .sendKeys("ops");
        browser
            .findElement(By.cssSelector("#login-password input[name=password]"))
            .sendKeys("ops-password");
        browser.findElement(By.cssSelector("#login-password button[type=submit]")).click();
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#results tbody tr[data-id]")));
        save(browser.getScreenshotAs(OutputType.FILE).toPath(), Path.of(target, "console.png"));

        browser.get("http://127.0.0.1:" + port + "/#/dashboard?range=1h");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("failing-merchants")));
        save(browser.getScreenshotAs(OutputType.FILE).toPath(), Path.of(target, "dashboard.png"));

        browser.get("http://127.0.0.1:" + port + "/#/notifications/" + ids.get(14 + 11 + 7 + 1));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("timeline")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("payload")));
        save(
            browser.getScreenshotAs(OutputType.FILE).toPath(), Path.of(target, "notification.png"));

        browser.get("http://127.0.0.1:" + port + "/#/notifications");
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#results tbody tr[data-id]")));
        new Select(browser.findElement(By.id("locale"))).selectByValue("zh-CN");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "通知"));
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#results tbody tr[data-id]")));
        save(
            browser.getScreenshotAs(OutputType.FILE).toPath(),
            Path.of(target, "console-zh-CN.png"));

        browser.get("http://127.0.0.1:" + port + "/#/dashboard?range=1h");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "仪表盘"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("failing-merchants")));
        save(
            browser.getScreenshotAs(OutputType.FILE).toPath(),
            Path.of(target, "dashboard-zh-CN.png"));
      } finally {
        browser.quit();
      }
    } finally {
      fakes.forEach(FakeMerchant::close);
    }
    assertThat(Path.of(target, "console.png")).exists();
    assertThat(Path.of(target, "console-zh-CN.png")).exists();
  }

  private record Shop(String id, String name, Reply reply, int count, String policy) {}

  private static void save(Path shot, Path target) throws Exception {
    Files.createDirectories(target.getParent());
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
  }

  private JsonNode send(String method, String path, String json) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isLessThan(300);
    return JSON.readTree(response.body());
  }
}
