package com.paynotify.notification;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The work waiting at one moment.
 *
 * @param due PENDING notifications whose next attempt is due
 * @param scheduled PENDING notifications whose next attempt is later
 * @param delivering notifications with an attempt in flight (claimed and leased)
 * @param oldestDueAt when the longest-waiting due notification became due; null when none is due
 */
public record Backlog(long due, long scheduled, long delivering, @Nullable Instant oldestDueAt) {}
