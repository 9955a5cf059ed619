package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import com.paynotify.payment.PaymentRequest;
import com.paynotify.payment.StatusUpdate;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Payment records and status updates read from their JSON, for the broker ingestion: the same
 * records and conversions as {@code POST /api/v1/payments} and {@code PUT
 * /api/v1/payments/{paymentId}/status} ({@link PaymentBodies}), so a message is refused for exactly
 * the reasons a request is. A status update carries in its body the {@code paymentId} the path
 * carries over HTTP.
 */
public final class PaymentMessages {
  private PaymentMessages() {}

  /** A status update and the payment it moves. */
  public record Move(String paymentId, StatusUpdate update) {}

  /**
   * Reads a payment record.
   *
   * @throws MalformedRequestException when the body is not a JSON object
   * @throws UnknownFieldException naming a field a record does not take
   * @throws InvalidRequestException naming the field that is missing or wrong
   */
  public static PaymentRequest parseRecord(@Nullable String body) {
    return JsonBodies.read(body, PaymentBodies.Create.class).toRequest();
  }

  /**
   * A message's {@code Idempotency-Key} header as the API reads the request header: unquoted, and
   * refused naming the header when empty or holding a control character; null when absent.
   *
   * @throws InvalidRequestException naming {@code Idempotency-Key} when it is empty or holds a
   *     control character
   */
  public static @Nullable String idempotencyKey(@Nullable String header) {
    return IdempotencyKeys.fromHeader(header);
  }

  /** The header a message's idempotency key comes in, as a request's does. */
  public static final String KEY_HEADER = IdempotencyKeys.HEADER;

  /**
   * Reads a status update with its {@code paymentId}.
   *
   * @throws MalformedRequestException when the body is not a JSON object
   * @throws UnknownFieldException naming a field an update does not take
   * @throws InvalidRequestException naming the field that is missing or wrong
   */
  public static Move parseMove(@Nullable String body) {
    if (body == null || body.isBlank()) {
      throw MalformedRequestException.notAnObject();
    }
    JsonNode node;
    try {
      node = JsonBodies.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw MalformedRequestException.notJson();
    }
    if (!(node instanceof ObjectNode object)) {
      throw MalformedRequestException.notAnObject();
    }
    var id = object.remove("paymentId");
    if (id != null && !id.isNull() && !id.isString()) {
      throw InvalidRequestException.invalid("paymentId", "must be a string");
    }
    var update = JsonBodies.readItem(object, PaymentBodies.Update.class);
    // The path's value over HTTP, so required as the record's paymentId is.
    var paymentId =
        JsonBodies.required("paymentId", id == null || id.isNull() ? null : id.asString());
    return new Move(paymentId, update.toUpdate());
  }
}
