package com.paynotify.server.api;

import com.paynotify.notification.NotificationRequest;
import org.jspecify.annotations.Nullable;

/**
 * A notification create read from its JSON, for the broker ingestion: the same record and
 * conversion as {@code POST /api/v1/notifications} ({@link CreateNotificationBody}), so a message
 * is refused for exactly the reasons a request is.
 */
public final class NotificationRequests {
  private NotificationRequests() {}

  /**
   * Reads a create body.
   *
   * @throws MalformedRequestException when the body is not a JSON object
   * @throws UnknownFieldException naming a field a create does not take
   * @throws com.paynotify.InvalidRequestException naming the field that is missing or wrong
   */
  public static NotificationRequest parse(@Nullable String body) {
    return JsonBodies.read(body, CreateNotificationBody.class).toRequest();
  }
}
