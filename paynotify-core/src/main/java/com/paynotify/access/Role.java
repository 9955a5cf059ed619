package com.paynotify.access;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a caller may do. {@link #ADMIN} may do everything; {@link #OPERATOR} may also retry and
 * abandon; {@link #VIEWER} only reads; {@link #PRODUCER} only creates notifications. Written in
 * lower case in the API and in configuration.
 */
public enum Role {
  ADMIN,
  OPERATOR,
  VIEWER,
  PRODUCER;

  /** The role named {@code name}, in any case. */
  public static Role of(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "role: '" + name + "' is not one of " + Arrays.toString(names()));
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static String[] names() {
    return Arrays.stream(values()).map(Role::label).toArray(String[]::new);
  }
}
