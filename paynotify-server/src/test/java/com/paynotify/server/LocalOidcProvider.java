package com.paynotify.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenID Connect provider on 127.0.0.1 for tests: discovery, JWKS, an authorization endpoint
 * that logs in whoever {@link #nextUser} names without asking, and a token endpoint that answers an
 * RS256-signed ID token for the code it gave out, with the nonce of its authorization request.
 */
final class LocalOidcProvider implements AutoCloseable {
  static final String CLIENT_ID = "paynotify-console";
  static final String CLIENT_SECRET = "local-secret";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final RSAKey key;
  private final Map<String, Grant> grants = new ConcurrentHashMap<>();
  private volatile Map<String, Object> nextUser = Map.of("sub", "nobody");

  private record Grant(Map<String, Object> user, String nonce, String redirectUri) {}

  private LocalOidcProvider(HttpServer server, RSAKey key) {
    this.server = server;
    this.key = key;
  }

  static LocalOidcProvider start() {
    try {
      var key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID("local-key").generate();
      var provider =
          new LocalOidcProvider(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), key);
      provider.server.createContext("/.well-known/openid-configuration", provider::discovery);
      provider.server.createContext("/jwks", provider::jwks);
      provider.server.createContext("/authorize", provider::authorize);
      provider.server.createContext("/token", provider::token);
      provider.server.start();
      return provider;
    } catch (IOException | JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * The user the next authorization logs in: its subject and further claims ({@code groups}...).
   */
  void nextUser(String subject, Map<String, Object> claims) {
    var user = new HashMap<String, Object>(claims);
    user.put("sub", subject);
    nextUser = Map.copyOf(user);
  }

  private void discovery(HttpExchange exchange) throws IOException {
    answer(
        exchange,
        200,
        Map.of(
            "issuer", issuer(),
            "authorization_endpoint", issuer() + "/authorize",
            "token_endpoint", issuer() + "/token",
            "jwks_uri", issuer() + "/jwks",
            "response_types_supported", List.of("code"),
            "subject_types_supported", List.of("public"),
            "id_token_signing_alg_values_supported", List.of("RS256"),
            "scopes_supported", List.of("openid"),
            "token_endpoint_auth_methods_supported", List.of("client_secret_basic")));
  }

  private void jwks(HttpExchange exchange) throws IOException {
    answer(exchange, 200, new JWKSet(key.toPublicJWK()).toJSONObject());
  }

  private void authorize(HttpExchange exchange) throws IOException {
    var query = form(exchange.getRequestURI().getRawQuery());
    if (!CLIENT_ID.equals(query.get("client_id")) || !"code".equals(query.get("response_type"))) {
      answer(exchange, 400, Map.of("error", "invalid_request"));
      return;
    }
    var code = UUID.randomUUID().toString();
    grants.put(
        code, new Grant(nextUser, query.getOrDefault("nonce", ""), query.get("redirect_uri")));
    var location =
        query.get("redirect_uri")
            + "?code="
            + code
            + "&state="
            + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Location", location);
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  private void token(HttpExchange exchange) throws IOException {
    var basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    var body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    var grant = grants.remove(String.valueOf(body.get("code")));
    if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))
        || grant == null
        || !grant.redirectUri().equals(body.get("redirect_uri"))) {
      answer(exchange, 400, Map.of("error", "invalid_grant"));
      return;
    }
    answer(
        exchange,
        200,
        Map.of(
            "access_token",
            UUID.randomUUID().toString(),
            "token_type",
            "Bearer",
            "expires_in",
            300,
            "scope",
            "openid",
            "id_token",
            idToken(grant)));
  }

  private String idToken(Grant grant) {
    var now = Instant.now();
    var claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer())
            .audience(CLIENT_ID)
            .issueTime(java.util.Date.from(now))
            .expirationTime(java.util.Date.from(now.plusSeconds(300)))
            .claim("nonce", grant.nonce());
    grant.user().forEach(claims::claim);
    try {
      var jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
              claims.build());
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> form(String encoded) {
    var values = new HashMap<String, String>();
    if (encoded != null && !encoded.isEmpty()) {
      for (var pair : encoded.split("&")) {
        int equals = pair.indexOf('=');
        values.put(
            URLDecoder.decode(
                equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
            equals < 0
                ? ""
                : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private static void answer(HttpExchange exchange, int status, Object json) throws IOException {
    var bytes = JSON.writeValueAsBytes(json);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
