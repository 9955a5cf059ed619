package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.channel.Channel;
import com.paynotify.channel.WebhookSecret;
import com.paynotify.channel.WebhookSignature;
import com.paynotify.channel.WechatV2Credentials;
import com.paynotify.channel.WechatV3Credentials;
import com.paynotify.merchant.MasterKey;
import com.paynotify.store.jdbc.JdbcChannelCredentialStore;
import com.paynotify.store.jdbc.JdbcMerchantStore;
import com.paynotify.testkit.FakeMerchant;
import com.paynotify.testkit.TestDatabase;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RSAPublicKeyNotificationConfig;
import com.wechat.pay.java.service.payments.model.Transaction;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several nodes on one database share one master key: a node whose key does not open the database's
 * key check, or that has none, does not start (and so takes no work); a rotation seals everything
 * again under a new key, after which a node needs only that key.
 */
abstract class MasterKeyNodesContract {
  private static final String API_V3_KEY = "a7Kq2Lm9Xz4Rt8Wb1Nc6Vd3Hs5Jf0Gp2";
  private static final String V2_API_KEY = "192006250b4c09247ec02edce69f6a2d";
  private final FakeMerchant merchant = FakeMerchant.start();
  private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();
  private TestDatabase database;
  @TempDir Path dataDirs;

  /** A fresh, empty database for one test. */
  abstract TestDatabase openDatabase();

  @BeforeEach
  void openTheDatabase() {
    database = openDatabase();
  }

  @AfterEach
  void stopEverything() {
    nodes.reversed().forEach(ConfigurableApplicationContext::close);
    merchant.close();
    if (database != null) {
      database.close();
    }
  }

  @Test
  void aNodeWithAnotherMasterKeyRefusesToStartNamingThePropertyAndTakesNoWork() {
    var sealing = MasterKey.generate();
    var other = MasterKey.generate();
    var first =
        api(
            start(
                "first",
                "--paynotify.master-key=" + sealing.reveal(),
                "--paynotify.delivery.enabled=false"));
    first.post("/api/v1/merchants", "{\"id\":\"shop\",\"name\":\"Shop\"}");
    var due = first.post("/api/v1/notifications", webhook("DUE-1")).text("id");

    assertThatThrownBy(() -> start("second", "--paynotify.master-key=" + other.reveal()))
        .rootCause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "paynotify.master-key: the master key differs from the one the database was sealed with: "
                + "key id "
                + other.id()
                + " does not open its key check (sealed under key id "
                + sealing.id()
                + ")")
        .hasMessageContaining(
            "This node's key came from paynotify.master-key (env PAYNOTIFY_MASTER_KEY)")
        .extracting(Throwable::getMessage, InstanceOfAssertFactories.STRING)
        .doesNotContain(other.reveal())
        .doesNotContain(sealing.reveal());
    var notification = first.get("/api/v1/notifications/" + due);
    assertThat(notification.text("status")).isEqualTo("PENDING");
    assertThat(notification.json().get("attempts").asInt()).isZero();
    assertThat(merchant.received()).isEmpty();
  }

  @Test
  void aNodeWithoutAKeyOnASealedDatabaseRefusesToStartAndWritesNoKeyFile() {
    start("first", "--paynotify.master-key=" + MasterKey.generate().reveal());

    assertThatThrownBy(() -> start("keyless"))
        .rootCause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "No paynotify.master-key (env PAYNOTIFY_MASTER_KEY) is configured and there is no master "
                + "key file "
                + dataDirs.resolve("keyless").resolve("master-key").toAbsolutePath())
        .hasMessageContaining("this database is already sealed with a master key");
    assertThat(dataDirs.resolve("keyless").resolve("master-key")).doesNotExist();
  }

  @Test
  void theFirstNodeWritesTheCheckOnceUnderTheKeyItGeneratedAndANodeGivenThatKeyStarts()
      throws Exception {
    start("first");
    var generated =
        MasterKey.parse(Files.readString(dataDirs.resolve("first").resolve("master-key")));
    var check = keyCheckRows();

    var second = api(start("second", "--paynotify.master-key=" + generated.reveal()));

    assertThat(check)
        .singleElement(InstanceOfAssertFactories.STRING)
        .startsWith(MasterKey.SEALED_PREFIX + generated.id() + ":");
    assertThat(keyCheckRows()).isEqualTo(check);
    assertThat(second.post("/api/v1/merchants", "{\"id\":\"shop\",\"name\":\"Shop\"}").status())
        .isEqualTo(201);
  }

  @Test
  void aRotationSealsEverySecretAgainSoANodeWithOnlyTheNewKeyOpensEveryCredentialAndSigns()
      throws Exception {
    var old = MasterKey.generate();
    var next = MasterKey.generate();
    var before = api(start("before", "--paynotify.master-key=" + old.reveal()));
    var webhookSecret =
        before
            .post("/api/v1/merchants", "{\"id\":\"shop\",\"name\":\"Shop\"}")
            .text("webhookSecret");
    var issued =
        before.put(
            "/api/v1/merchants/shop/channels/WECHAT_V3",
            "{\"mchId\":\"1900000109\",\"appId\":\"wx1\",\"apiV3Key\":\"" + API_V3_KEY + "\"}");
    before.put(
        "/api/v1/merchants/shop/channels/WECHAT_V2",
        "{\"appId\":\"wx1\",\"mchId\":\"10000100\",\"apiKey\":\"" + V2_API_KEY + "\"}");
    stop(0);

    var rotating =
        api(
            start(
                "rotating",
                "--paynotify.master-key=" + next.reveal(),
                "--paynotify.previous-master-keys=" + old.reveal()));
    var resealed = rotating.post("/api/v1/admin/master-key/reseal", "");
    stop(1);

    assertThat(resealed.status()).as(resealed.body()).isEqualTo(200);
    assertThat(resealed.json().get("resealed").asInt())
        .as("the webhook secret and three channel keys")
        .isEqualTo(4);
    assertThat(resealed.text("keyId")).isEqualTo(next.id());
    assertThat(resealed.body()).doesNotContain(next.reveal()).doesNotContain(old.reveal());
    assertThatThrownBy(() -> start("old-only", "--paynotify.master-key=" + old.reveal()))
        .rootCause()
        .hasMessageStartingWith(
            "paynotify.master-key: the master key differs from the one the database was sealed with");
    var after = api(start("after", "--paynotify.master-key=" + next.reveal()));
    var credentials = new JdbcChannelCredentialStore(database.dataSource(), next);
    assertThat(
            ((WechatV3Credentials)
                    credentials.find("shop", Channel.WECHAT_V3).orElseThrow().credentials())
                .apiV3Key())
        .isEqualTo(API_V3_KEY);
    assertThat(
            ((WechatV2Credentials)
                    credentials.find("shop", Channel.WECHAT_V2).orElseThrow().credentials())
                .apiKey())
        .isEqualTo(V2_API_KEY);
    assertThat(
            new JdbcMerchantStore(database.dataSource(), next)
                .find("shop")
                .orElseThrow()
                .webhookSecret()
                .reveal())
        .isEqualTo(webhookSecret);
    merchant.alwaysReply(FakeMerchant.Reply.status(204));
    var signedWebhook = after.post("/api/v1/notifications", webhook("ROT-1")).text("id");
    awaitSucceeded(after, signedWebhook);
    var signedV3 =
        after
            .post(
                "/api/v1/notifications",
                """
        {"merchantId":"shop","channel":"WECHAT_V3","orderNo":"ROT-V3","transactionId":"4200000001",
         "paymentStatus":"SUCCESS","amount":"12.34","currency":"CNY","notifyUrl":"%s"}"""
                    .formatted(merchant.url("/v3")))
            .text("id");
    awaitSucceeded(after, signedV3);
    var webhookCall =
        merchant.received().stream()
            .filter(r -> r.path().equals("/notify"))
            .findFirst()
            .orElseThrow();
    WebhookSignature.verify(
        List.of(WebhookSecret.parse(webhookSecret)),
        webhookCall.header("webhook-id"),
        webhookCall.header("webhook-timestamp"),
        webhookCall.header("webhook-signature"),
        webhookCall.body(),
        Instant.now(),
        Duration.ofMinutes(5));
    var v3Call =
        merchant.received().stream().filter(r -> r.path().equals("/v3")).findFirst().orElseThrow();
    var parser =
        new NotificationParser(
            new RSAPublicKeyNotificationConfig.Builder()
                .publicKey(issued.text("publicKeyPem"))
                .publicKeyId(issued.text("publicKeyId"))
                .apiV3Key(API_V3_KEY)
                .build());
    assertThat(
            parser
                .parse(ChannelDeliveryTest.wechatRequest(v3Call), Transaction.class)
                .getOutTradeNo())
        .isEqualTo("ROT-V3");
  }

  @Test
  void onlyAnAdminMayResealAndEachResealIsAudited() {
    var api = api(start("node", "--paynotify.master-key=" + MasterKey.generate().reveal()));
    var operatorToken =
        api.post("/api/v1/tokens", "{\"name\":\"ops\",\"role\":\"operator\"}").text("token");

    var byOperator =
        api.send(
            api.unauthenticated("/api/v1/admin/master-key/reseal")
                .header("Authorization", "Bearer " + operatorToken)
                .POST(HttpRequest.BodyPublishers.noBody()));
    var anonymous =
        api.send(
            api.unauthenticated("/api/v1/admin/master-key/reseal")
                .POST(HttpRequest.BodyPublishers.noBody()));
    var byAdmin = api.post("/api/v1/admin/master-key/reseal", "");

    assertThat(byOperator.status()).isEqualTo(403);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(byAdmin.status()).isEqualTo(200);
    assertThat(byAdmin.json().get("resealed").asInt()).isZero();
    var audit = api.get("/api/v1/audit").json().get("items");
    assertThat(
            audit
                .valueStream()
                .filter(entry -> entry.get("action").asString().equals("master-key.reseal")))
        .singleElement()
        .satisfies(entry -> assertThat(entry.get("actor").asString()).isEqualTo("api-token"));
  }

  private ConfigurableApplicationContext start(String dataDir, String... properties) {
    var arguments =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--paynotify.api-token=" + Api.TOKEN,
                "--paynotify.data-dir=" + dataDirs.resolve(dataDir),
                "--paynotify.delivery.allowed-networks=127.0.0.0/8",
                "--paynotify.delivery.poll-interval=100ms",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password()));
    arguments.addAll(List.of(properties));
    var node =
        new SpringApplicationBuilder(PaynotifyApplication.class)
            .run(arguments.toArray(String[]::new));
    nodes.add(node);
    return node;
  }

  private void stop(int node) {
    nodes.get(node).close();
  }

  private static Api api(ConfigurableApplicationContext node) {
    return new Api(((WebServerApplicationContext) node).getWebServer().getPort());
  }

  private String webhook(String orderNo) {
    return """
        {"merchantId":"shop","channel":"WEBHOOK","orderNo":"%s","paymentStatus":"SUCCESS","amount":"10.00",
         "currency":"CNY","notifyUrl":"%s"}"""
        .formatted(orderNo, merchant.url("/notify"));
  }

  private List<String> keyCheckRows() throws SQLException {
    try (var connection = database.dataSource().getConnection();
        var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT sealed FROM master_key_check")) {
      var values = new ArrayList<String>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }

  private static void awaitSucceeded(Api api, String id) throws InterruptedException {
    var deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    var status = "";
    while (System.nanoTime() < deadline) {
      status = api.get("/api/v1/notifications/" + id).text("status");
      if ("SUCCEEDED".equals(status)) {
        return;
      }
      Thread.sleep(50);
    }
    assertThat(status).as("notification " + id).isEqualTo("SUCCEEDED");
  }
}
