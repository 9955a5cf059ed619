package com.paynotify.delivery;

import com.paynotify.notification.DeliveryQueue;
import com.paynotify.retry.RetryPolicies;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Everything a {@link Dispatcher} is built from, as one value.
 *
 * <p>Internal to the engine: {@link com.paynotify.Paynotify.Builder} holds each setting, its
 * default and its validation once, for the API side and the dispatcher alike, and hands the
 * dispatcher's share over in this record, so the dispatcher repeats none of it.
 *
 * @param queue where notifications are claimed from and results written to
 * @param credentials the merchants' signing keys
 * @param transport the open transport attempts are sent over
 * @param clock the clock for claims, leases and due times
 * @param policies the retry policies attempts are timed and retried by
 * @param listener told of each attempt's outcome
 * @param hostGate limits and backs off attempts per merchant host
 * @param batchSize how many due notifications one claim takes at most
 * @param maxInFlight how many attempts run at once
 * @param lease how long a claim holds, lengthened while a known policy needs more (see {@link
 *     com.paynotify.retry.Lease})
 * @param pollInterval the longest the loop sleeps when nothing is due
 * @param stuckAfter how long the loop may go without a pass before it is reported stuck
 */
public record DeliverySettings(
    DeliveryQueue queue,
    CredentialSource credentials,
    Transport transport,
    InstantSource clock,
    RetryPolicies policies,
    DeliveryListener listener,
    HostGate hostGate,
    int batchSize,
    int maxInFlight,
    Duration lease,
    Duration pollInterval,
    Duration stuckAfter) {}
