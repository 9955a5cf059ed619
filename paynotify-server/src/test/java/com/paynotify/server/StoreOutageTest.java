package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/** With the database gone, the API says so with a 503 and the server stays up. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:outage;DB_CLOSE_DELAY=-1"
    })
@DirtiesContext
class StoreOutageTest {
  @LocalServerPort int port;
  @Autowired HikariDataSource dataSource;

  @Test
  void answersServiceUnavailableWhileTheDatabaseIsDown() {
    var api = new Api(port);
    assertThat(api.post("/api/v1/merchants", "{\"id\":\"shop\",\"name\":\"Shop\"}").status())
        .isEqualTo(201);
    dataSource.close();

    var created =
        api.post(
            "/api/v1/notifications",
            """
        {"merchantId":"shop","channel":"WEBHOOK","orderNo":"DOWN-1","paymentStatus":"SUCCESS",
         "amount":"1.00","currency":"CNY","notifyUrl":"https://shop.example/notify"}""");
    var read = api.get("/api/v1/notifications?merchantId=shop");
    var readInChinese =
        api.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/notifications"))
                .header("Authorization", "Bearer " + Api.TOKEN)
                .header("Accept-Language", "zh-CN"));

    assertThat(created.status()).isEqualTo(503);
    assertThat(created.text("error")).isEqualTo("STORE_UNAVAILABLE");
    assertThat(read.status()).isEqualTo(503);
    assertThat(read.text("message")).isEqualTo("the database is unavailable; try again");
    assertThat(readInChinese.status()).isEqualTo(503);
    assertThat(readInChinese.text("error")).isEqualTo("STORE_UNAVAILABLE");
    assertThat(readInChinese.text("message")).isEqualTo("数据库暂时不可用，请稍后重试");
    assertThat(created.body()).doesNotContain("jdbc:", "Exception");
  }
}
