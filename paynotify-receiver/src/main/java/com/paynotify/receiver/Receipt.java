package com.paynotify.receiver;

import org.jspecify.annotations.Nullable;

/**
 * The result of handling one delivery: what happened, the reply to send back, and the verified
 * event (null when verification failed or was never tried: an oversized body, a closed receiver).
 */
public record Receipt(Outcome outcome, Reply reply, @Nullable ReceivedNotification notification) {}
