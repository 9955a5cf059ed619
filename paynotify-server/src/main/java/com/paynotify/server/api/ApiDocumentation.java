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
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI 3 document at {@code /v3/api-docs} (UI at {@code /swagger-ui.html}), generated from
 * the controllers by springdoc. The controllers take their bodies as text and bind them with {@link
 * JsonBodies} (strictly, which Spring's own binding is not), so the request schemas are joined to
 * their operations here: for the notification endpoints they are the very records bound. Only the
 * channel credentials, whose fields depend on the channel, are still read field by field ({@link
 * JsonFields}) and described by a record here. Errors are problem details ({@link Problem}, schema
 * {@code ApiError}) as {@code application/problem+json}.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {
  static final String BEARER = "bearer";
  private static final String ERROR_SCHEMA = "ApiError";

  /** Request bodies by "METHOD path": the records the controllers bind them into. */
  private static final Map<String, Class<?>> REQUEST_BODIES =
      Map.ofEntries(
          Map.entry("POST /api/v1/notifications", CreateNotificationBody.class),
          Map.entry(
              "POST /api/v1/notifications/{id}/abandon", NotificationController.AbandonBody.class),
          Map.entry("POST /api/v1/notifications/retry", NotificationController.BulkRetryBody.class),
          Map.entry(
              "POST /api/v1/notifications/abandon", NotificationController.BulkAbandonBody.class),
          Map.entry("POST /api/v1/merchants", MerchantController.MerchantBody.class),
          Map.entry("PATCH /api/v1/merchants/{id}", MerchantController.MerchantChangeBody.class),
          Map.entry(
              "PUT /api/v1/retry-policies/{name}", RetryPolicyController.RetryPolicyBody.class),
          Map.entry("POST /api/v1/tokens", TokenController.TokenBody.class),
          Map.entry("POST /api/v1/session", SessionController.LoginBody.class),
          Map.entry("PUT /api/v1/merchants/{id}/channels/{channel}", ChannelCredentialsBody.class),
          Map.entry(
              "POST /api/v1/merchants/{id}/test-notification",
              TestNotificationController.TestNotificationBody.class),
          Map.entry("POST /api/v1/payments", PaymentBodies.Create.class),
          Map.entry("PUT /api/v1/payments/{paymentId}/status", PaymentBodies.Update.class));

  /** The payment writes, which also take a form with the same fields as their JSON. */
  private static final java.util.Set<String> FORMS =
      java.util.Set.of("POST /api/v1/payments", "PUT /api/v1/payments/{paymentId}/status");

  /** The bulk create, whose body is an array of {@link CreateNotificationBody}. */
  private static final String BATCH = "POST /api/v1/notifications/batch";

  /** The error answers every API operation may give, with {@link Problem} as the body. */
  private static final Map<String, String> ERRORS =
      Map.of(
          "400",
              "Malformed request, a missing or unknown field (MALFORMED_REQUEST, MISSING_FIELD, UNKNOWN_FIELD, INVALID_PARAMETER)",
          "401", "Missing or wrong bearer token (code UNAUTHORIZED)",
          "403", "The token's role or merchants do not allow it (FORBIDDEN, CSRF)",
          "404", "No such resource (code NOT_FOUND)",
          "409", "Conflict with the current state (code CONFLICT)",
          "413",
              "The body is over the limit, 1 MiB by default, 16 KiB to log in (code BODY_TOO_LARGE)",
          "415",
              "The body is not JSON, or a form where no form is taken (code UNSUPPORTED_MEDIA_TYPE)",
          "422",
              "A value is invalid; field names it (INVALID_VALUE; IDEMPOTENCY_KEY_REUSED for a reused Idempotency-Key header)",
          "503", "The store is unavailable (code STORE_UNAVAILABLE)");

  @Bean
  OpenAPI paynotifyOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Paynotify API")
                .version("v1")
                .description(
                    "Create payment notifications, or record payments whose status moves notify, follow their delivery, retry or abandon them, "
                        + "manage merchants, channel credentials and retry policies, and read statistics and alerts."))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description(
                            "The API token: paynotify.api-token, or the one generated into the data directory.")))
        .addSecurityItem(new SecurityRequirement().addList(BEARER));
  }

  @Bean
  OpenApiCustomizer requestBodiesAndErrors() {
    return openApi -> {
      var components = openApi.getComponents();
      ModelConverters.getInstance().readAll(Problem.class).forEach(components::addSchemas);
      REQUEST_BODIES
          .values()
          .forEach(
              type -> ModelConverters.getInstance().readAll(type).forEach(components::addSchemas));
      openApi
          .getPaths()
          .forEach(
              (path, item) ->
                  item.readOperationsMap()
                      .forEach(
                          (method, operation) -> {
                            var body = REQUEST_BODIES.get(method.name() + " " + path);
                            if (body != null) {
                              var content = json("#/components/schemas/" + schemaName(body));
                              if (FORMS.contains(method.name() + " " + path)) {
                                content.addMediaType(
                                    "application/x-www-form-urlencoded",
                                    new MediaType()
                                        .schema(
                                            new io.swagger.v3.oas.models.media.Schema<>()
                                                .$ref("#/components/schemas/" + schemaName(body))));
                              }
                              operation.requestBody(
                                  new RequestBody().required(true).content(content));
                            }
                            if (BATCH.equals(method.name() + " " + path)) {
                              operation.description(
                                  "Up to "
                                      + NotificationController.MAX_BATCH
                                      + " create requests in one JSON array (more is 422 "
                                      + "naming the limit). Answered 200 with one entry per item, in order, each with its own status: 201 created, "
                                      + "200 existing, 409 conflict, 422 or 400 invalid (error, field, message), 403 for a merchant outside the "
                                      + "token's scope. Items share transactions; a bad item fails only itself.");
                              operation.requestBody(
                                  new RequestBody()
                                      .required(true)
                                      .content(
                                          new Content()
                                              .addMediaType(
                                                  "application/json",
                                                  new MediaType()
                                                      .schema(
                                                          new io.swagger.v3.oas.models.media
                                                                  .ArraySchema()
                                                              .items(
                                                                  new io.swagger.v3.oas.models.media
                                                                          .Schema<>()
                                                                      .$ref(
                                                                          "#/components/schemas/"
                                                                              + schemaName(
                                                                                  CreateNotificationBody
                                                                                      .class)))
                                                              .maxItems(
                                                                  NotificationController
                                                                      .MAX_BATCH)))));
                            }
                            ERRORS.forEach(
                                (status, description) -> addError(operation, status, description));
                          }));
    };
  }

  /**
   * The name a type's schema is registered under: its {@code @Schema(name)}, else its simple name.
   */
  static String schemaName(Class<?> type) {
    var schema = type.getAnnotation(Schema.class);
    return schema != null && !schema.name().isEmpty() ? schema.name() : type.getSimpleName();
  }

  private static void addError(Operation operation, String status, String description) {
    if (operation.getResponses().get(status) == null) {
      operation
          .getResponses()
          .addApiResponse(
              status,
              new ApiResponse()
                  .description(description)
                  .content(content(Problem.MEDIA_TYPE, "#/components/schemas/" + ERROR_SCHEMA)));
    }
  }

  private static Content json(String ref) {
    return content("application/json", ref);
  }

  private static Content content(String mediaType, String ref) {
    return new Content()
        .addMediaType(
            mediaType,
            new MediaType().schema(new io.swagger.v3.oas.models.media.Schema<>().$ref(ref)));
  }

  @Schema(
      name = "ChannelCredentialsBody",
      description =
          "ALIPAY: appId, signType, privateKey | rotateKey. "
              + "WECHAT_V3: mchId, appId, apiV3Key, privateKey | rotateKey, publicKeyId. WECHAT_V2: appId, mchId, apiKey, signType. "
              + "Keys are write-only: answers show public keys and fingerprints, never private or shared keys.")
  record ChannelCredentialsBody(
      @Nullable String appId,
      @Nullable String mchId,
      @Nullable String signType,
      @Schema(description = "RSA private key, PKCS#8 PEM or base64", writeOnly = true)
          @Nullable String privateKey,
      @Nullable Boolean rotateKey,
      @Schema(writeOnly = true) @Nullable String apiV3Key,
      @Nullable String publicKeyId,
      @Schema(writeOnly = true) @Nullable String apiKey) {}
}
