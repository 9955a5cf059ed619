package com.paynotify.server.api;

/** The request cannot be read at all: not JSON, or not the shape of JSON the endpoint takes. */
final class MalformedRequestException extends RuntimeException {

  MalformedRequestException(String message) {
    super(message);
  }
}
