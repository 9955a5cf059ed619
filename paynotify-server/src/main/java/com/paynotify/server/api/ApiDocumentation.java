package com.paynotify.server.api;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3 document at {@code /v3/api-docs} (UI at {@code /swagger-ui.html}), generated from
 * the controllers by springdoc. The controllers read their JSON bodies field by field, so the
 * request schemas are described here, keyed by operation, with the bearer auth and the error body.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {
  static final String BEARER = "bearer";
  private static final String ERROR_SCHEMA = "ApiError";

  /** Request bodies by "METHOD path", as the controllers read them. */
  private static final Map<String, Class<?>> REQUEST_BODIES = Map.of(
      "POST /api/v1/notifications", NotificationRequestBody.class,
      "POST /api/v1/notifications/{id}/abandon", AbandonRequestBody.class,
      "POST /api/v1/notifications/retry", BulkRetryRequestBody.class,
      "POST /api/v1/merchants", MerchantRequestBody.class,
      "PATCH /api/v1/merchants/{id}", MerchantChangeBody.class,
      "PUT /api/v1/retry-policies/{name}", RetryPolicyBody.class,
      "PUT /api/v1/merchants/{id}/channels/{channel}", ChannelCredentialsBody.class);

  /** The bulk create, whose body is an array of {@link NotificationRequestBody}. */
  private static final String BATCH = "POST /api/v1/notifications/batch";

  /** The error answers every API operation may give, with {@link ApiError} as the body. */
  private static final Map<String, String> ERRORS = Map.of(
      "400", "Malformed request or a missing field (MALFORMED_REQUEST, MISSING_FIELD, INVALID_PARAMETER)",
      "401", "Missing or wrong bearer token",
      "404", "No such resource (code NOT_FOUND)",
      "409", "Conflict with the current state (code CONFLICT)",
      "413", "The body is over the limit, 1 MiB by default, 16 KiB to log in (code BODY_TOO_LARGE)",
      "415", "The body is not JSON (code UNSUPPORTED_MEDIA_TYPE)",
      "422", "A value is invalid; field names it (code INVALID_VALUE)",
      "503", "The store is unavailable (code STORE_UNAVAILABLE)");

  @Bean
  OpenAPI paynotifyOpenApi() {
    return new OpenAPI()
        .info(new Info()
            .title("Paynotify API")
            .version("v1")
            .description("Create payment notifications, follow their delivery, retry or abandon them, "
                + "manage merchants, channel credentials and retry policies, and read statistics and alerts."))
        .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
            .type(SecurityScheme.Type.HTTP)
            .scheme("bearer")
            .description("The API token: paynotify.api-token, or the one generated into the data directory.")))
        .addSecurityItem(new SecurityRequirement().addList(BEARER));
  }

  @Bean
  OpenApiCustomizer requestBodiesAndErrors() {
    return openApi -> {
      var components = openApi.getComponents();
      ModelConverters.getInstance().readAll(ApiError.class).forEach(components::addSchemas);
      REQUEST_BODIES.values().forEach(type -> ModelConverters.getInstance().readAll(type).forEach(components::addSchemas));
      openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
        var body = REQUEST_BODIES.get(method.name() + " " + path);
        if (body != null) {
          operation.requestBody(new RequestBody().required(true).content(json("#/components/schemas/" + body.getSimpleName())));
        }
        if (BATCH.equals(method.name() + " " + path)) {
          operation.description("Up to " + NotificationController.MAX_BATCH + " create requests in one JSON array (more is 422 "
              + "naming the limit). Answered 200 with one entry per item, in order, each with its own status: 201 created, "
              + "200 existing, 409 conflict, 422 or 400 invalid (error, field, message), 403 for a merchant outside the "
              + "token's scope. Items share transactions; a bad item fails only itself.");
          operation.requestBody(new RequestBody().required(true).content(new Content().addMediaType("application/json",
              new MediaType().schema(new io.swagger.v3.oas.models.media.ArraySchema()
                  .items(new io.swagger.v3.oas.models.media.Schema<>().$ref("#/components/schemas/NotificationRequestBody"))
                  .maxItems(NotificationController.MAX_BATCH)))));
        }
        ERRORS.forEach((status, description) -> addError(operation, status, description));
      }));
    };
  }

  private static void addError(Operation operation, String status, String description) {
    if (operation.getResponses().get(status) == null) {
      operation.getResponses().addApiResponse(
          status, new ApiResponse().description(description).content(json("#/components/schemas/" + ERROR_SCHEMA)));
    }
  }

  private static Content json(String ref) {
    return new Content().addMediaType(
        "application/json", new MediaType().schema(new io.swagger.v3.oas.models.media.Schema<>().$ref(ref)));
  }


  @Schema(name = "NotificationRequestBody", description = "A payment event to deliver. Idempotent by merchant and idempotencyKey "
      + "(default orderNo|paymentStatus): the same key returns the existing notification (200), a different body is 409.")
  record NotificationRequestBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String merchantId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"ALIPAY", "WECHAT_V3", "WECHAT_V2", "WEBHOOK"}) String channel,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String orderNo,
      @Nullable String transactionId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"SUCCESS", "FAILED", "CANCELLED", "TIMEOUT", "REFUNDED"})
          String paymentStatus,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Decimal string, never a float", example = "100.00")
          String amount,
      @Schema(description = "Decimal string; for REFUNDED, defaults to amount") @Nullable String refundAmount,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "CNY") String currency,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "https://shop.example/pay/notify") String notifyUrl,
      @Schema(description = "Free JSON object merged into the payload, at most 64 KiB; a key the channel's wire format uses is refused (422)") @Nullable Map<String, Object> extra,
      @Schema(description = "A retry policy name; defaults to the channel's") @Nullable String retryPolicy,
      @Nullable String idempotencyKey) {}

  @Schema(name = "AbandonRequestBody")
  record AbandonRequestBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 500) String reason) {}

  @Schema(name = "BulkRetryRequestBody", description = "Either ids, or a filter of at least one field")
  record BulkRetryRequestBody(
      @Schema(maxLength = 10_000) @Nullable List<String> ids,
      @Nullable String merchantId,
      @Nullable String status,
      @Nullable String channel,
      @Schema(format = "date-time") @Nullable String from,
      @Schema(format = "date-time") @Nullable String to) {}

  @Schema(name = "MerchantRequestBody")
  record MerchantRequestBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
      @Schema(description = "Hosts the merchant's notifyUrls may use") @Nullable List<String> callbackHosts) {}

  @Schema(name = "MerchantChangeBody", description = "Only the fields given change")
  record MerchantChangeBody(
      @Nullable String name,
      @Schema(allowableValues = {"ACTIVE", "DISABLED"}) @Nullable String status,
      @Nullable List<String> callbackHosts) {}

  @Schema(name = "RetryPolicyBody")
  record RetryPolicyBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "[\"30s\", \"5m\", \"1h\"]") List<String> intervals,
      @Schema(example = "10s") @Nullable String timeout) {}

  @Schema(name = "ChannelCredentialsBody", description = "ALIPAY: appId, signType, privateKey | rotateKey. "
      + "WECHAT_V3: mchId, appId, apiV3Key, privateKey | rotateKey, publicKeyId. WECHAT_V2: appId, mchId, apiKey, signType. "
      + "Keys are write-only: answers show public keys and fingerprints, never private or shared keys.")
  record ChannelCredentialsBody(
      @Nullable String appId,
      @Nullable String mchId,
      @Nullable String signType,
      @Schema(description = "RSA private key, PKCS#8 PEM or base64", writeOnly = true) @Nullable String privateKey,
      @Nullable Boolean rotateKey,
      @Schema(writeOnly = true) @Nullable String apiV3Key,
      @Nullable String publicKeyId,
      @Schema(writeOnly = true) @Nullable String apiKey) {}
}
