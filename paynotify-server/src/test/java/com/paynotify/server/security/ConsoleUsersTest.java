package com.paynotify.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.paynotify.access.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Configured users' password hashes: Spring Security's forms and the form earlier releases wrote.
 */
class ConsoleUsersTest {
  /** {@code {pbkdf2}<iterations>:<salt>:<hash>} as earlier releases made it, of "vera-password". */
  static final String EARLIER_HASH =
      "{pbkdf2}1000:c2FsdHNhbHRzYWx0c2FsdA==:2QX/f/wnUyx5NP7CMCqG4hNiDc8fo6AHcqWjZDMFG0Q=";

  @Test
  void passwordHashesMatchOnlyTheirPassword() {
    var encoder = PasswordHashes.encoder();

    var hash = encoder.encode("s3cret");

    assertThat(hash).startsWith("{pbkdf2@SpringSecurity_v5_8}");
    assertThat(encoder.matches("s3cret", hash)).isTrue();
    assertThat(encoder.matches("s3cret ", hash)).isFalse();
    assertThat(encoder.matches("vera-password", EARLIER_HASH)).isTrue();
    assertThat(encoder.matches("vera-passwore", EARLIER_HASH)).isFalse();
    assertThat(encoder.matches("dev", "{noop}dev")).isTrue();
    assertThat(encoder.matches("b", "{bcrypt}" + new BCryptPasswordEncoder(4).encode("b")))
        .isTrue();
  }

  @Test
  void everyHashFormAUserMayHaveIsAccepted() {
    var users =
        List.of(
            user("a", PasswordHashes.encoder().encode("a")),
            user("b", "{bcrypt}" + new BCryptPasswordEncoder(4).encode("b")),
            user("c", EARLIER_HASH),
            user("d", "{noop}d"));

    var consoleUsers = new ConsoleUsers(new AccessProperties(users));

    assertThat(consoleUsers.loadUserByUsername("c").role()).isEqualTo(Role.VIEWER);
  }

  @Test
  void aMistypedPasswordHashStopsTheServerNamingTheUser() {
    var users =
        new AccessProperties(List.of(new AccessProperties.User("bob", "plain-text", Role.VIEWER)));

    var failure = catchThrowable(() -> new ConsoleUsers(users));

    assertThat(failure)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("paynotify.users[0].password: must be {pbkdf2}")
        .message()
        .doesNotContain("plain-text");
  }

  @Test
  void aHashOfAnUnknownFormOrCutShortStopsTheServer() {
    var unknown =
        new AccessProperties(
            List.of(
                new AccessProperties.User(
                    "bob", "{md5}5f4dcc3b5aa765d61d8327deb882cf99", Role.VIEWER)));
    var cut =
        new AccessProperties(
            List.of(new AccessProperties.User("bob", EARLIER_HASH.substring(0, 40), Role.VIEWER)));

    assertThat(catchThrowable(() -> new ConsoleUsers(unknown)))
        .hasMessageStartingWith("paynotify.users[0].password: must be");
    assertThat(catchThrowable(() -> new ConsoleUsers(cut)))
        .hasMessageStartingWith("paynotify.users[0].password: must be");
  }

  private static AccessProperties.User user(String name, String hash) {
    return new AccessProperties.User(name, hash, Role.VIEWER);
  }
}
