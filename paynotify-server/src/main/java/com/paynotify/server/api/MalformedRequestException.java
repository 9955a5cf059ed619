package com.paynotify.server.api;

/** The request cannot be read at all: not JSON, or not the shape of JSON the endpoint takes. */
public final class MalformedRequestException extends RuntimeException {
  private final String key;

  private MalformedRequestException(String message, String key) {
    super(message);
    this.key = key;
  }

  static MalformedRequestException notJson() {
    return new MalformedRequestException("the request body is not valid JSON", "error.not-json");
  }

  static MalformedRequestException notAnObject() {
    return new MalformedRequestException(
        "the request body must be a JSON object", "error.not-an-object");
  }

  static MalformedRequestException notAnArray() {
    return new MalformedRequestException(
        "the request body must be a JSON array of notifications", "error.not-an-array");
  }

  static MalformedRequestException itemNotAnObject() {
    return new MalformedRequestException(
        "each item of the batch must be a JSON object", "error.item-not-an-object");
  }

  /** The message's key in the bundles. */
  public String key() {
    return key;
  }
}
