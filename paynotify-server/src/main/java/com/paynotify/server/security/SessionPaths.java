package com.paynotify.server.security;

/** Where the console logs in and out. */
public final class SessionPaths {
  public static final String LOGIN = "/api/v1/session";

  private SessionPaths() {}
}
