package com.paynotify.server.security;

import static com.paynotify.access.Role.ADMIN;
import static com.paynotify.access.Role.OPERATOR;
import static com.paynotify.access.Role.PRODUCER;
import static com.paynotify.access.Role.VIEWER;

import com.paynotify.access.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Who may call which endpoint, and what each change is called in the audit log. The first rule
 * matching the method and path decides; a change no rule names is for admins and is audited by its
 * method and path.
 */
final class Access {
  private static final Set<Role> ALL = EnumSet.allOf(Role.class);
  private static final Set<Role> READERS = EnumSet.of(ADMIN, OPERATOR, VIEWER);
  private static final Set<Role> OPERATORS = EnumSet.of(ADMIN, OPERATOR);
  private static final Set<Role> ADMINS = EnumSet.of(ADMIN);

  private static final List<Rule> RULES = List.of(
      // Creating is what a payment system does all day; the notification itself is its record.
      rule("POST", "/api/v1/notifications", EnumSet.of(ADMIN, PRODUCER), null),
      rule("POST", "/api/v1/notifications/retry", OPERATORS, "notification.bulk-retry",
          "ids", "merchantId", "status", "channel", "from", "to"),
      rule("POST", "/api/v1/notifications/abandon", OPERATORS, "notification.bulk-abandon", "ids", "reason"),
      rule("POST", "/api/v1/notifications/{id}/retry", OPERATORS, "notification.retry"),
      rule("POST", "/api/v1/notifications/{id}/abandon", OPERATORS, "notification.abandon", "reason"),
      // A signed body may be replayed to the merchant: operators only.
      rule("GET", "/api/v1/notifications/{id}/callback", OPERATORS, null),
      rule("GET", "/api/v1/session", ALL, null),
      rule("DELETE", "/api/v1/session", ALL, "session.logout"),
      rule("GET", "/api/v1/tokens", ADMINS, null),
      rule("POST", "/api/v1/tokens", ADMINS, "token.create", "name", "role", "merchantIds"),
      rule("DELETE", "/api/v1/tokens/{id}", ADMINS, "token.revoke"),
      rule("GET", "/api/v1/audit", ADMINS, null),
      rule("POST", "/api/v1/admin/master-key/reseal", ADMINS, "master-key.reseal"),
      rule("POST", "/api/v1/merchants", ADMINS, "merchant.create", "id", "name", "callbackHosts"),
      rule("PATCH", "/api/v1/merchants/{id}", ADMINS, "merchant.change", "name", "status", "callbackHosts"),
      rule("POST", "/api/v1/merchants/{id}/secret/rotate", ADMINS, "merchant.rotate-secret"),
      // Never the body here: it holds private and shared keys.
      rule("PUT", "/api/v1/merchants/{id}/channels/{channel}", ADMINS, "merchant.credentials"),
      rule("PUT", "/api/v1/retry-policies/{id}", ADMINS, "policy.define", "intervals", "timeout"),
      rule("GET", "/api/**", READERS, null));

  private Access() {}

  /**
   * What a request needs.
   *
   * @param action the audit log's name for it, or null when it is not audited
   * @param target what it acts on (a path's id), or null
   * @param detailFields the body fields worth keeping in the audit log (never secrets)
   */
  record Decision(Set<Role> roles, @Nullable String action, @Nullable String target, List<String> detailFields) {
    boolean allows(Role role) {
      return roles.contains(role);
    }
  }

  static Decision decide(String method, String path) {
    for (var rule : RULES) {
      if (!rule.method().equals(method)) {
        continue;
      }
      Matcher matcher = rule.path().matcher(path);
      if (matcher.matches()) {
        var target = matcher.groupCount() == 0 ? null : String.join("/", groups(matcher));
        return new Decision(rule.roles(), rule.action(), target, rule.detailFields());
      }
    }
    return new Decision(ADMINS, method + " " + path, null, List.of());
  }

  private static List<String> groups(Matcher matcher) {
    var groups = new java.util.ArrayList<String>();
    for (int i = 1; i <= matcher.groupCount(); i++) {
      groups.add(matcher.group(i));
    }
    return groups;
  }

  private record Rule(String method, Pattern path, Set<Role> roles, @Nullable String action, List<String> detailFields) {}

  /** A path with {@code {name}} for one segment, or ending in {@code /**} for anything below. */
  private static Rule rule(String method, String path, Set<Role> roles, @Nullable String action, String... detailFields) {
    var regex = Pattern.quote(path)
        .replaceAll("\\{[a-z]+}", "\\\\E([^/]+)\\\\Q")
        .replace("/**", "\\E(?:/.*)?\\Q");
    return new Rule(method, Pattern.compile(regex), roles, action, List.of(detailFields));
  }
}
