package com.paynotify.server.api;

import com.paynotify.InvalidRequestException;
import com.paynotify.NotFoundException;
import com.paynotify.access.MerchantScope;
import com.paynotify.notification.Notification;
import com.paynotify.notification.NotificationQuery;
import com.paynotify.server.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a caller may reach given the merchants its token is scoped to. A merchant outside the scope
 * is treated as absent (404, left out of lists), except where the caller names the merchant it acts
 * for (a create, stats): there it is refused with 403 naming the field.
 */
record CallerScope(MerchantScope scope) {

  static CallerScope of(HttpServletRequest request) {
    return new CallerScope(Caller.of(request).scope());
  }

  /** Whether the caller is limited to some merchants. */
  boolean limited() {
    return scope instanceof MerchantScope.Only;
  }

  boolean allows(String merchantId) {
    return scope.allows(merchantId);
  }

  /**
   * @throws OutOfScopeException when the caller may not act for {@code merchantId}
   */
  void require(String field, String merchantId) {
    if (!scope.allows(merchantId)) {
      throw new OutOfScopeException(field, merchantId);
    }
  }

  /** The notification if the caller may see it; one of another merchant is not found. */
  Notification visible(String id, Notification notification) {
    if (!scope.allows(notification.merchantId())) {
      throw new NotFoundException("notification", id);
    }
    return notification;
  }

  /** The merchant if the caller may see it; another is not found. */
  void requireVisibleMerchant(String merchantId) {
    if (!scope.allows(merchantId)) {
      throw new NotFoundException("merchant", merchantId);
    }
  }

  /** The merchants the caller is limited to, or null when it reaches every merchant. */
  java.util.@Nullable Set<String> merchantIds() {
    return switch (scope) {
      case MerchantScope.Every every -> null;
      case MerchantScope.Only only -> only.merchantIds();
    };
  }

  /** The search limited to the caller's merchants. */
  NotificationQuery narrow(NotificationQuery query) {
    return switch (scope) {
      case MerchantScope.Every every -> query;
      case MerchantScope.Only only -> query.withinMerchants(only.merchantIds());
    };
  }

  /** The ids among {@code ids} of notifications the caller may act on; the others as if unknown. */
  List<String> visibleIds(List<String> ids, Function<String, Optional<Notification>> find) {
    return switch (scope) {
      case MerchantScope.Every every -> ids;
      case MerchantScope.Only only ->
          ids.stream()
              .filter(id -> find.apply(id).filter(n -> only.allows(n.merchantId())).isPresent())
              .toList();
    };
  }

  /**
   * The merchant a scoped caller's stats are about: the one asked for, or its only merchant. Stats
   * are counted per merchant, so a caller scoped to several must name one.
   */
  @Nullable String statsMerchant(@Nullable String merchantId) {
    return switch (scope) {
      case MerchantScope.Every every -> merchantId;
      case MerchantScope.Only only -> {
        if (merchantId != null) {
          require("merchantId", merchantId);
          yield merchantId;
        }
        if (only.merchantIds().size() == 1) {
          yield only.merchantIds().iterator().next();
        }
        throw InvalidRequestException.invalid(
            "merchantId", "required: this token is scoped to several merchants " + only.sorted());
      }
    };
  }
}
