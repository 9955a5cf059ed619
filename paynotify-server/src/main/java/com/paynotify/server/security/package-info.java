/**
 * Who may call the API: Spring Security configured for bearer tokens from the token store, console
 * sessions with a CSRF header, configured users, optional single sign-on, the login throttle and
 * the audit trail.
 */
@NullMarked
package com.paynotify.server.security;

import org.jspecify.annotations.NullMarked;
