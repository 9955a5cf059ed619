package com.paynotify.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a merchant saw of each notify id: every request from its arrival until its answer was
 * written, so that two copies of one notification open at the same time are caught, and copies that
 * came one after the other (allowed: at least once) are told apart from them. Thread-safe.
 */
final class OpenRequests {
  /**
   * One request of one notify id: when it arrived, when its answer was written (or failed), and
   * whether it was a 2xx.
   */
  record Request(Instant arrived, Instant answered, boolean acknowledged) {}

  private final Map<String, Tally> byId = new HashMap<>();
  private long requests;

  /** A request of {@code notifyId} arrived; pass the result to {@link #answered}. */
  synchronized Ticket arrive(String notifyId, Instant at) {
    var tally = byId.computeIfAbsent(notifyId, k -> new Tally());
    requests++;
    tally.open++;
    if (tally.open > 1) {
      tally.overlaps++;
    }
    return new Ticket(notifyId, at);
  }

  /**
   * The answer to {@code ticket} was written ({@code acknowledged} when it was a 2xx that reached
   * the socket).
   */
  synchronized void answered(Ticket ticket, Instant at, boolean acknowledged) {
    var tally = byId.get(ticket.notifyId());
    if (tally == null || tally.open == 0) {
      throw new IllegalStateException("no open request of " + ticket.notifyId());
    }
    tally.open--;
    tally.requests.add(new Request(ticket.arrived(), at, acknowledged));
    if (acknowledged) {
      tally.acknowledged++;
    }
  }

  /** Requests still waiting for their answer, over all ids. */
  synchronized int openNow() {
    return byId.values().stream().mapToInt(t -> t.open).sum();
  }

  synchronized long requests() {
    return requests;
  }

  /** Ids the merchant acknowledged at least once. */
  synchronized Set<String> acknowledged() {
    var ids = new TreeSet<String>();
    byId.forEach(
        (id, t) -> {
          if (t.acknowledged > 0) {
            ids.add(id);
          }
        });
    return ids;
  }

  /** Ids of which a request arrived while another was still open. */
  synchronized Set<String> overlapping() {
    var ids = new TreeSet<String>();
    byId.forEach(
        (id, t) -> {
          if (t.overlaps > 0) {
            ids.add(id);
          }
        });
    return ids;
  }

  /**
   * Ids acknowledged more than once without ever two requests open at once: redelivery after a
   * crash.
   */
  synchronized Set<String> acknowledgedAgainInTurn() {
    var ids = new TreeSet<String>();
    byId.forEach(
        (id, t) -> {
          if (t.acknowledged > 1 && t.overlaps == 0) {
            ids.add(id);
          }
        });
    return ids;
  }

  /** The answered requests of one id in order of arrival. */
  synchronized List<Request> requestsOf(String notifyId) {
    var tally = byId.get(notifyId);
    if (tally == null) {
      return List.of();
    }
    var list = new ArrayList<>(tally.requests);
    list.sort((a, b) -> a.arrived().compareTo(b.arrived()));
    return list;
  }

  /** An open request, handed back when it is answered. */
  record Ticket(String notifyId, Instant arrived) {}

  private static final class Tally {
    int open;
    int overlaps;
    int acknowledged;
    final List<Request> requests = new ArrayList<>(2);
  }
}
