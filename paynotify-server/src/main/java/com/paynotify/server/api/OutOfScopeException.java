package com.paynotify.server.api;

/**
 * A caller scoped to merchants named one outside its scope where it must name one of its own: 403.
 */
final class OutOfScopeException extends RuntimeException {
  private final String field;
  private final String merchantId;

  OutOfScopeException(String field, String merchantId) {
    super(field + ": '" + merchantId + "' is not one of the merchants this token is scoped to");
    this.field = field;
    this.merchantId = merchantId;
  }

  String merchantId() {
    return merchantId;
  }

  String field() {
    return field;
  }
}
