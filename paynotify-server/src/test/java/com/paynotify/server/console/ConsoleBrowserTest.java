package com.paynotify.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.FakeMerchant.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console end to end in headless Chromium: an operator logs in, finds a notification that
 * FAILED, retries it, and sees it succeed, because the merchant first fails and then acknowledges;
 * lists the notifications that need a retry; retries a merchant's FAILED notifications in bulk at a
 * set pace; abandons one with a reason; sends a merchant a test notification and reads its answer;
 * reads the console in English and in Chinese. The screenshot of each language goes to {@code
 * -Dpaynotify.screenshots=<dir>} (the docs folder: {@code $PWD/docs}), else {@code
 * target/screenshots}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + ConsoleBrowserTest.TOKEN,
      "paynotify.users[0].username=olga",
      "paynotify.users[0].password={noop}olga-password",
      "paynotify.users[0].role=operator",
      "paynotify.policies.once.intervals=",
      "paynotify.delivery.allowed-networks=127.0.0.0/8",
      "paynotify.delivery.poll-interval=100ms",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:console;DB_CLOSE_DELAY=-1"
    })
class ConsoleBrowserTest {
  static final String TOKEN = "console-test-token";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(20);

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;
  private final FakeMerchant merchant = FakeMerchant.start();
  private final HttpClient http = HttpClient.newHttpClient();
  private ChromeDriver browser;

  @BeforeEach
  void startBrowser() {
    browser = HeadlessChromium.start();
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    merchant.close();
  }

  @Test
  void anOperatorLogsInFindsAFailedNotificationRetriesItAndSeesItSucceed() throws Exception {
    var orderNo = "ORDER-" + UUID.randomUUID().toString().substring(0, 8);
    var id = failedNotification(orderNo);
    merchant.alwaysReply(Reply.ok("ok"));
    var wait = new WebDriverWait(browser, WAIT);

    logIn(wait);

    var search =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#search-form input[name=orderNo]")));
    search.sendKeys(orderNo);
    browser.findElement(By.cssSelector("#search-form select[name=status]")).sendKeys("FAILED");
    browser.findElement(By.cssSelector("#search-form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlContains("orderNo=" + orderNo));
    var row =
        wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("#results tr[data-id='" + id + "']")));
    assertThat(row.getText()).contains(orderNo, "FAILED");
    row.click();

    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "FAILED"));
    assertThat(browser.findElement(By.id("timeline")).getText())
        .contains("HTTP 500", "HTTP_STATUS");
    browser.findElement(By.id("retry")).click();

    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "SUCCEEDED"));
    var timeline = browser.findElement(By.id("timeline"));
    assertThat(timeline.findElements(By.cssSelector("li[data-outcome]"))).hasSize(2);
    assertThat(timeline.findElement(By.cssSelector("li[data-outcome]")).getText())
        .contains("#2", "HTTP 200", "SUCCEEDED");
    assertThat(notification(id).get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
        .as("script errors; the 401 of the first session probe is expected")
        .noneMatch(
            entry ->
                entry.getLevel().intValue() >= Level.SEVERE.intValue()
                    && !entry.getMessage().contains("Failed to load resource"));
  }

  @Test
  void anOperatorListsTheNotificationsThatNeedARetry() throws Exception {
    var merchantId = merchant();
    var failed = failedNotification(merchantId, "GAVE-UP");
    var waiting =
        send(
                "POST",
                "/api/v1/notifications",
                """
        {"merchantId":"%s","channel":"WEBHOOK","orderNo":"WAITING","paymentStatus":"SUCCESS","amount":"1.00",
         "currency":"CNY","notifyUrl":"%s","retryPolicy":"standard"}"""
                    .formatted(merchantId, merchant.url("/notify")))
            .get("id")
            .asString();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (notification(waiting).get("attempts").asInt() < 1) {
      assertThat(System.nanoTime())
          .as("a first failed attempt of %s", waiting)
          .isLessThan(deadline);
      Thread.sleep(50);
    }
    var wait = new WebDriverWait(browser, WAIT);
    logIn(wait);

    wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("#search-form select[name=merchantId]")));
    new Select(browser.findElement(By.cssSelector("#search-form select[name=merchantId]")))
        .selectByValue(merchantId);
    var status =
        new Select(browser.findElement(By.cssSelector("#search-form select[name=status]")));
    status.selectByValue("retrying");
    assertThat(status.getFirstSelectedOption().getText()).isEqualTo("needs a retry");
    browser.findElement(By.cssSelector("#search-form button[type=submit]")).click();
    wait.until(ExpectedConditions.urlContains("status=retrying"));
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#results tr[data-id]"), 1));

    var rows = browser.findElements(By.cssSelector("#results tr[data-id]"));
    assertThat(rows)
        .extracting(row -> row.getAttribute("data-id"))
        .containsExactly(waiting)
        .doesNotContain(failed);
    assertThat(rows.getFirst().getText()).contains("WAITING", "PENDING");
    assertNoScriptErrors();
  }

  @Test
  void anOperatorRetriesEveryFailedNotificationOfAMerchantAtASetPace() throws Exception {
    var merchantId = merchant();
    var ids = new java.util.ArrayList<String>();
    for (int i = 0; i < 3; i++) {
      ids.add(failedNotification(merchantId, "BULK-" + i));
    }
    merchant.alwaysReply(Reply.ok("ok"));
    var wait = new WebDriverWait(browser, WAIT);
    logIn(wait);

    browser.get("http://127.0.0.1:" + port + "/#/bulk");
    var form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("bulk-retry")));
    new Select(form.findElement(By.name("merchantId"))).selectByValue(merchantId);
    var rate = form.findElement(By.name("rate"));
    rate.clear();
    rate.sendKeys("2");
    browser.findElement(By.id("start-retry")).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();

    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("retry-status"), "Done: 3 of 3 sent, 3 retried"));
    for (var id : ids) {
      awaitStatus(id, "SUCCEEDED");
    }
  }

  @Test
  void anOperatorAbandonsANotificationWithAReasonAfterConfirming() throws Exception {
    var id = failedNotification(merchant(), "ABANDON-1");
    var wait = new WebDriverWait(browser, WAIT);
    logIn(wait);

    browser.get("http://127.0.0.1:" + port + "/#/notifications/" + id);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("abandon-reason")))
        .sendKeys("the shop closed the order");
    browser.findElement(By.id("abandon")).click();
    wait.until(ExpectedConditions.alertIsPresent()).accept();

    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "ABANDONED"));
    assertThat(notification(id).get("abandonReason").asString())
        .isEqualTo("the shop closed the order");
  }

  @Test
  void anOperatorReadsTheConsoleInEnglishSwitchesToChineseAndFindsItChineseAfterAReload()
      throws Exception {
    var orderNo = "BIG-" + UUID.randomUUID().toString().substring(0, 8);
    failedNotification(merchant(), orderNo, "12345.67");
    var wait = new WebDriverWait(browser, WAIT);
    browser.get("http://127.0.0.1:" + port + "/");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.tagName("h1"), "Log in to Paynotify"));
    assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
    submitLogin(wait, "olga", "not-her-password");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("login-error"), "wrong token, or wrong username or password"));

    logIn(wait);
    var english = resultRow(wait, orderNo);
    var englishShot = screenshot("browser-test-en.png");
    switchTo(wait, "zh-CN", "通知");
    var chinese = resultRow(wait, orderNo);
    var chineseShot = screenshot("browser-test-zh-CN.png");

    assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
    assertThat(english)
        .contains("12,345.67 CNY", "FAILED")
        .containsPattern("\\d{2}/\\d{2}/\\d{4}, \\d{2}:\\d{2}:\\d{2}");
    assertThat(chinese)
        .contains("12,345.67 CNY", "失败", "FAILED")
        .containsPattern("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}");
    assertThat(browser.findElement(By.id("results")).findElement(By.tagName("thead")).getText())
        .contains("订单号", "金额", "状态");
    assertThat(browser.findElement(By.id("nav")).getText())
        .contains("通知", "仪表盘", "批量操作", "商户", "重试策略");
    assertThat(browser.findElement(By.id("search-form")).getText()).contains("订单号", "创建时间起");
    assertScreenshot(englishShot);
    assertScreenshot(chineseShot);

    browser.navigate().refresh();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "通知"));
    assertThat(resultRow(wait, orderNo)).contains("失败");
    assertThat(new Select(browser.findElement(By.id("locale"))).getFirstSelectedOption().getText())
        .isEqualTo("简体中文");
    browser.findElement(By.cssSelector("#who button")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "登录 Paynotify"));
    submitLogin(wait, "olga", "not-her-password");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "令牌错误，或用户名或密码错误"));
    assertNoScriptErrors();
  }

  @Test
  void aBrowserThatPrefersChineseOpensTheConsoleInChineseAndKeepsEnglishOnceChosen()
      throws Exception {
    browser.quit();
    browser = HeadlessChromium.start("zh-CN,zh");
    var wait = new WebDriverWait(browser, WAIT);

    browser.get("http://127.0.0.1:" + port + "/");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "登录 Paynotify"));
    var chineseLogin = browser.findElement(By.id("login-password")).getText();
    switchTo(wait, "en", "Log in to Paynotify");
    browser.navigate().refresh();

    assertThat(chineseLogin).contains("用户名", "密码", "登录");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.tagName("h1"), "Log in to Paynotify"));
    assertThat(browser.getTitle()).isEqualTo("Paynotify console");
    assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
    logIn(wait);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Notifications"));
    assertThat(browser.findElement(By.id("nav")).getText()).contains("Dashboard", "Retry policies");
  }

  @Test
  void anOperatorSeesEachBrokersDeadLetteredMessagesOnTheDashboardInEnglishAndChinese()
      throws Exception {
    // given a node whose RabbitMQ ingestion created 5 notifications and dead-lettered 3 messages,
    // counted on the meter the broker listeners count on
    Counter.builder("paynotify.ingest.messages")
        .tag("source", "rabbitmq")
        .tag("outcome", "created")
        .register(meters)
        .increment(5);
    Counter.builder("paynotify.ingest.messages")
        .tag("source", "rabbitmq")
        .tag("outcome", "dead-lettered")
        .register(meters)
        .increment(3);
    var wait = new WebDriverWait(browser, WAIT);
    logIn(wait);

    // when the operator opens the dashboard
    browser.get("http://127.0.0.1:" + port + "/#/dashboard");
    var panel = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("ingest")));

    // then the broker's row shows its dead-lettered count, marked, in English and then in Chinese
    assertThat(panel.getText()).contains("Broker ingestion", "Dead-lettered", "since it started");
    var row = panel.findElement(By.xpath(".//tr[td[1][text()='rabbitmq']]"));
    assertThat(row.findElements(By.tagName("td")))
        .extracting(td -> td.getText())
        .containsExactly("rabbitmq", "5", "0", "3");
    assertThat(row.findElement(By.cssSelector(".dead-lettered")).getAttribute("class"))
        .contains("warn");
    switchTo(wait, "zh-CN", "仪表盘");
    assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("ingest"))).getText())
        .contains("消息队列接入", "死信", "rabbitmq");
  }

  @Test
  void anOperatorSendsATestNotificationFromTheMerchantPageAndSeesTheMerchantsAnswer()
      throws Exception {
    var merchantId = merchant();
    send(
        "PATCH",
        "/api/v1/merchants/" + merchantId,
        "{\"ackRule\":{\"type\":\"BODY_EQUALS\",\"text\":\"success\"}}");
    merchant.alwaysReply(Reply.ok("fail"));
    var wait = new WebDriverWait(browser, WAIT);
    logIn(wait);

    browser.get("http://127.0.0.1:" + port + "/#/merchants/" + merchantId);
    var current = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("ack-current")));
    assertThat(current.getText()).contains("a 2xx whose body is success");
    assertThat(browser.findElement(By.id("ack-type")).isEnabled())
        .as("only admins change the rule")
        .isFalse();
    browser.findElement(By.id("test-url")).sendKeys(merchant.url("/test-hook"));
    browser.findElement(By.id("send-test")).click();

    var verdict = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("test-verdict")));
    assertThat(verdict.getText()).isEqualTo("Not acknowledged");
    assertThat(browser.findElement(By.id("test-result")).getText())
        .contains("HTTP 200", "the merchant's rule is a 2xx whose body is success");
    assertThat(browser.findElement(By.id("test-response")).getText()).isEqualTo("fail");
    assertThat(merchant.received())
        .singleElement()
        .satisfies(r -> assertThat(r.path()).isEqualTo("/test-hook"));
  }

  @Test
  void anOperatorLooksUpAPaymentAndSeesItsStatusHistoryAndNotifications() throws Exception {
    var merchantId = merchant();
    merchant.alwaysReply(Reply.ok("ok"));
    var paymentId = "PAY-" + UUID.randomUUID().toString().substring(0, 8);
    send(
        "POST",
        "/api/v1/payments",
        """
        {"paymentId":"%s","merchantId":"%s","orderNo":"O-%s","channel":"WEBHOOK","amount":"100.00","currency":"CNY",
         "notifyUrl":"%s"}"""
            .formatted(paymentId, merchantId, paymentId, merchant.url("/notify")));
    var paid =
        send(
            "PUT",
            "/api/v1/payments/" + paymentId + "/status",
            "{\"merchantId\":\"" + merchantId + "\",\"status\":\"SUCCESS\"}");
    var notificationId = paid.at("/notice/notificationId").asString();
    var wait = new WebDriverWait(browser, WAIT);
    logIn(wait);

    browser.get("http://127.0.0.1:" + port + "/#/payments");
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("#payment-form select[name=merchantId]")));
    new Select(browser.findElement(By.cssSelector("#payment-form select[name=merchantId]")))
        .selectByValue(merchantId);
    browser.findElement(By.cssSelector("#payment-form input[name=paymentId]")).sendKeys(paymentId);
    browser.findElement(By.cssSelector("#payment-form button[type=submit]")).click();

    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("payment-status"), "SUCCESS"));
    var history = browser.findElements(By.cssSelector("#payment-history tbody tr"));
    assertThat(history)
        .extracting(row -> row.getAttribute("data-to"))
        .containsExactly("PROCESSING", "SUCCESS");
    assertThat(history.get(1).getText()).contains(notificationId);
    assertThat(browser.findElement(By.id("payment-notifications")).getText())
        .contains(notificationId, "SUCCESS");
    assertNoScriptErrors();
  }

  private void logIn(WebDriverWait wait) {
    browser.get("http://127.0.0.1:" + port + "/");
    submitLogin(wait, "olga", "olga-password");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who-name"), "user:olga"));
  }

  private void submitLogin(WebDriverWait wait, String username, String password) {
    var name =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#login-password input[name=username]")));
    name.clear();
    name.sendKeys(username);
    var secret = browser.findElement(By.cssSelector("#login-password input[name=password]"));
    secret.clear();
    secret.sendKeys(password);
    browser.findElement(By.cssSelector("#login-password button[type=submit]")).click();
  }

  private void switchTo(WebDriverWait wait, String locale, String heading) {
    new Select(browser.findElement(By.id("locale"))).selectByValue(locale);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), heading));
  }

  private String resultRow(WebDriverWait wait, String orderNo) {
    return wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//table[@id='results']//tr[contains(., '" + orderNo + "')]")))
        .getText();
  }

  private Path screenshot(String name) throws Exception {
    var folder = Path.of(System.getProperty("paynotify.screenshots", "target/screenshots"));
    Files.createDirectories(folder);
    var target = folder.resolve(name);
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        target,
        StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  private static void assertScreenshot(Path shot) throws Exception {
    var image = ImageIO.read(shot.toFile());
    assertThat(image).as(shot + " is a PNG").isNotNull();
    assertThat(image.getWidth()).as(shot + " width").isGreaterThanOrEqualTo(1200);
  }

  private void assertNoScriptErrors() {
    assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
        .as("script errors; 401 answers to the session probe and a wrong login are expected")
        .noneMatch(
            entry ->
                entry.getLevel().intValue() >= Level.SEVERE.intValue()
                    && !entry.getMessage().contains("Failed to load resource"));
  }

  /** A notification whose one attempt (the "once" policy) got a 500, so it ended FAILED. */
  private String failedNotification(String orderNo) throws Exception {
    return failedNotification(merchant(), orderNo);
  }

  private String merchant() throws Exception {
    var merchantId = "shop-" + UUID.randomUUID().toString().substring(0, 6);
    send("POST", "/api/v1/merchants", "{\"id\":\"" + merchantId + "\",\"name\":\"Tea Shop\"}");
    return merchantId;
  }

  private String failedNotification(String merchantId, String orderNo) throws Exception {
    return failedNotification(merchantId, orderNo, "88.00");
  }

  private String failedNotification(String merchantId, String orderNo, String amount)
      throws Exception {
    merchant.alwaysReply(Reply.status(500));
    var created =
        send(
            "POST",
            "/api/v1/notifications",
            """
        {"merchantId":"%s","channel":"WEBHOOK","orderNo":"%s","paymentStatus":"SUCCESS","amount":"%s",
         "currency":"CNY","notifyUrl":"%s","retryPolicy":"once"}"""
                .formatted(merchantId, orderNo, amount, merchant.url("/notify")));
    var id = created.get("id").asString();
    awaitStatus(id, "FAILED");
    return id;
  }

  private void awaitStatus(String id, String status) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!notification(id).get("status").asString().equals(status)) {
      assertThat(System.nanoTime())
          .as("notification %s to become %s", id, status)
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private JsonNode notification(String id) throws Exception {
    return send("GET", "/api/v1/notifications/" + id, null);
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
