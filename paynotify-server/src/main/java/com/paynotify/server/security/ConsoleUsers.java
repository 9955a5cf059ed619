package com.paynotify.server.security;

import com.paynotify.access.Role;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/** The console's users from {@code paynotify.users}, checked when the server starts. */
final class ConsoleUsers implements UserDetailsService {
  private final Map<String, ConsoleUser> users = new HashMap<>();

  ConsoleUsers(AccessProperties properties) {
    for (int i = 0; i < properties.users().size(); i++) {
      var user = properties.users().get(i);
      var field = "paynotify.users[" + i + "]";
      if (user.username() == null
          || user.username().isBlank()
          || user.password() == null
          || user.role() == null) {
        throw new IllegalArgumentException(field + ": needs a username, a password and a role");
      }
      PasswordHashes.requireValid(field + ".password", user.password());
      if (users.putIfAbsent(
              user.username(), new ConsoleUser(user.username(), user.password(), user.role()))
          != null) {
        throw new IllegalArgumentException(
            field + ".username: '" + user.username() + "' is listed twice");
      }
    }
  }

  @Override
  public ConsoleUser loadUserByUsername(String username) {
    var user = users.get(username);
    if (user == null) {
      throw new UsernameNotFoundException("no such user");
    }
    return user;
  }

  /** One user, with its password's hash. */
  record ConsoleUser(String username, String passwordHash, Role role) implements UserDetails {
    @Override
    public String getUsername() {
      return username;
    }

    @Override
    public String getPassword() {
      return passwordHash;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
      return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
    }

    @Override
    public String toString() {
      return "ConsoleUser[" + username + ", " + role + ", password=redacted]";
    }
  }
}
