package com.paynotify.server.api;

import org.jspecify.annotations.Nullable;

/**
 * What an error answer says: its code, its message in the request's language, and the field at
 * fault. Every error is written as {@link Problem} details made from one of these.
 *
 * @param field the request field at fault, when one is
 */
public record ApiError(String error, String message, @Nullable String field) {}
