package com.paynotify.server.api;

import org.jspecify.annotations.Nullable;

/**
 * The body of every error answer.
 *
 * @param field the request field at fault, when one is
 */
public record ApiError(String error, String message, @Nullable String field) {}
