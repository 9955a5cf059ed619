package com.paynotify.payment;

import com.paynotify.notification.Notification;
import java.util.List;

/** A payment with its status history and its notifications, each oldest first. */
public record PaymentDetails(
    Payment payment, List<StatusChange> history, List<Notification> notifications) {

  public PaymentDetails {
    history = List.copyOf(history);
    notifications = List.copyOf(notifications);
  }
}
