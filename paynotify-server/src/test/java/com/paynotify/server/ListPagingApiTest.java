package com.paynotify.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The lists of merchants, tokens and retry policies, paged like notifications: {@code limit} items
 * at most, and a {@code next} cursor that the following page takes as {@code cursor}, over real
 * HTTP on H2.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "paynotify.api-token=" + Api.TOKEN,
      "paynotify.policies.zz-nightly.intervals=1h,6h",
      "paynotify.data-dir=target/test-data",
      "spring.datasource.url=jdbc:h2:mem:list_paging;DB_CLOSE_DELAY=-1"
    })
class ListPagingApiTest {
  @LocalServerPort int port;

  @Test
  void listsMerchantsByIdAPageAtATimeFollowingNext() {
    var api = new Api(port);
    for (var id : List.of("page-c", "page-a", "page-e", "page-b", "page-d")) {
      assertThat(
              api.post("/api/v1/merchants", "{\"id\":\"" + id + "\",\"name\":\"Shop\"}").status())
          .isEqualTo(201);
    }

    var first = api.get("/api/v1/merchants?limit=2&cursor=page-");
    var second = api.get("/api/v1/merchants?limit=2&cursor=" + first.text("next"));
    var last = api.get("/api/v1/merchants?limit=2&cursor=" + second.text("next"));

    assertThat(first.status()).isEqualTo(200);
    assertThat(ids(first, "id")).containsExactly("page-a", "page-b");
    assertThat(first.json().get("limit").asInt()).isEqualTo(2);
    assertThat(first.text("next")).isEqualTo("page-b");
    assertThat(ids(second, "id")).containsExactly("page-c", "page-d");
    assertThat(ids(last, "id")).containsExactly("page-e");
    assertThat(last.text("next")).isNull();
  }

  @Test
  void listsTokensNewestFirstWithoutRepeatingOrSkippingOne() {
    var api = new Api(port);
    for (var name : List.of("one", "two", "three")) {
      assertThat(
              api.post("/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"viewer\"}")
                  .status())
          .isEqualTo(201);
    }

    var names = new ArrayList<String>();
    var page = api.get("/api/v1/tokens?limit=1");
    int pages = 1;
    while (page.text("next") != null) {
      assertThat(page.json().get("items")).hasSize(1);
      names.addAll(ids(page, "name"));
      page = api.get("/api/v1/tokens?limit=1&cursor=" + page.text("next"));
      pages++;
    }
    names.addAll(ids(page, "name"));

    assertThat(names).containsExactlyInAnyOrder("one", "two", "three");
    assertThat(pages).isEqualTo(names.size());
    assertThat(api.get("/api/v1/tokens").body()).doesNotContain("\"token\":\"pn_");
  }

  @Test
  void listsPoliciesBuiltInsFirstThenTheOthersByName() {
    var api = new Api(port);

    var first = api.get("/api/v1/retry-policies?limit=3");
    var rest = api.get("/api/v1/retry-policies?limit=500&cursor=" + first.text("next"));

    assertThat(ids(first, "name")).containsExactly("alipay", "wechat", "standard");
    assertThat(first.text("next")).isEqualTo("standard");
    assertThat(ids(rest, "name"))
        .contains("zz-nightly")
        .doesNotContain("alipay", "wechat", "standard");
    assertThat(rest.text("next")).isNull();
  }

  @Test
  void refusesALimitOutOfRangeOrNotANumberNamingTheField() {
    var api = new Api(port);

    for (var path :
        List.of(
            "/api/v1/merchants?limit=0",
            "/api/v1/tokens?limit=501",
            "/api/v1/retry-policies?limit=ten")) {
      var refused = api.get(path);

      assertThat(refused.status()).as(path).isEqualTo(422);
      assertThat(refused.text("field")).as(path).isEqualTo("limit");
      assertThat(refused.text("error")).as(path).isEqualTo("INVALID_VALUE");
    }
  }

  @Test
  void withoutALimitAnswersTwentyAtMost() {
    var api = new Api(port);
    for (int i = 0; i < 21; i++) {
      api.post("/api/v1/merchants", "{\"id\":\"many-" + (100 + i) + "\",\"name\":\"Shop\"}");
    }

    var page = api.get("/api/v1/merchants?cursor=many-");

    assertThat(page.json().get("items")).hasSize(20);
    assertThat(page.json().get("limit").asInt()).isEqualTo(20);
    assertThat(page.text("next")).isEqualTo("many-119");
  }

  private static List<String> ids(Api.Answer answer, String field) {
    var values = new ArrayList<String>();
    for (JsonNode item : answer.json().get("items")) {
      values.add(item.get(field).asString());
    }
    return values;
  }
}
