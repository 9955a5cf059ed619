package com.paynotify.server.security;

import com.paynotify.access.Role;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Console users from configuration: {@code paynotify.users[0].username=alice}, {@code
 * paynotify.users[0].password={pbkdf2@SpringSecurity_v5_8}...} (see {@link PasswordHashes}) and
 * {@code paynotify.users[0].role=operator}.
 *
 * @param users console users: username, password hash and role each
 */
@ConfigurationProperties("paynotify")
public record AccessProperties(@Nullable List<User> users) {

  public AccessProperties {
    users = users != null ? List.copyOf(users) : List.of();
  }

  /**
   * One user; the password is a {@link PasswordHashes} hash, never plain text outside {@code
   * {noop}}.
   */
  public record User(String username, String password, Role role) {

    @Override
    public String toString() {
      return "User[" + username + ", " + role + ", password=redacted]";
    }
  }
}
