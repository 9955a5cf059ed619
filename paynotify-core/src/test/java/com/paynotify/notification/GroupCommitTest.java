package com.paynotify.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Creates arriving together share a write; each caller still gets its own answer. */
class GroupCommitTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final ConcurrentLinkedQueue<Integer> groupSizes = new ConcurrentLinkedQueue<>();

  @Test
  void aLoneCreateIsWrittenAtOnceInAGroupOfItsOwn() {
    var commit = new GroupCommit(storing(), 10, 100);

    var result = commit.create(notification("n-1"));

    assertThat(result.orThrow().notification().id()).isEqualTo("n-1");
    assertThat(groupSizes).containsExactly(1);
  }

  @Test
  void concurrentCallersShareWritesAndEachGetsItsOwnResult() throws Exception {
    var commit = new GroupCommit(slowly(storing()), 50, 1_000);
    int callers = 32;
    int each = 20;

    var results =
        together(
            callers,
            caller -> {
              var mine = new ArrayList<String>();
              for (int i = 0; i < each; i++) {
                var id = "n-" + caller + "-" + i;
                mine.add(
                    commit.create(notification(id)).orThrow().notification().id().equals(id)
                        ? "own"
                        : "other's");
              }
              return mine;
            });

    assertThat(results)
        .allSatisfy(answers -> assertThat(answers).hasSize(each).containsOnly("own"));
    assertThat(groupSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(callers * each);
    assertThat(commit.groupsWritten())
        .as("writes for %d creates", callers * each)
        .isLessThan(callers * each / 2);
    assertThat(groupSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(50));
  }

  @Test
  void aNotificationThatBreaksItsGroupFailsOnlyItself() throws Exception {
    Function<List<Notification>, List<CreateResult>> breaksOnPoison =
        group -> {
          if (group.stream().anyMatch(n -> n.id().startsWith("poison"))) {
            throw new IllegalStateException("refused");
          }
          return storing().apply(group);
        };
    var commit = new GroupCommit(slowly(breaksOnPoison), 50, 1_000);

    var results =
        together(
            8,
            caller -> {
              var answers = new ArrayList<String>();
              for (int i = 0; i < 10; i++) {
                var id = (caller == 3 && i == 5 ? "poison-" : "n-") + caller + "-" + i;
                answers.add(
                    commit.create(notification(id)) instanceof CreateResult.Failed
                        ? "failed " + id
                        : "ok");
              }
              return answers;
            });

    assertThat(results.stream().flatMap(List::stream).filter(a -> !a.equals("ok")))
        .containsExactly("failed poison-3-5");
  }

  @Test
  void aBulkCreateAnswersInOrder() {
    var commit = new GroupCommit(storing(), 3, 100);

    var results =
        commit.createAll(
            List.of(notification("a"), notification("b"), notification("c"), notification("d")));

    assertThat(results)
        .extracting(r -> r.orThrow().notification().id())
        .containsExactly("a", "b", "c", "d");
  }

  @Test
  void aBulkCreateWhoseStoreIsDownPartWayIsNotWrittenPastTheFirstFailure() {
    // given a store that is down for the first group written and back for every later one
    var written = new ArrayList<String>();
    var calls = new java.util.concurrent.atomic.AtomicInteger();
    Function<List<Notification>, List<CreateResult>> downOnce =
        group -> {
          if (calls.getAndIncrement() == 0) {
            return group.stream()
                .<CreateResult>map(
                    n ->
                        new CreateResult.Failed(
                            new com.paynotify.StoreException("connection refused", null)))
                .toList();
          }
          group.forEach(n -> written.add(n.id()));
          return storing().apply(group);
        };
    var commit = new GroupCommit(downOnce, 2, 100);

    // when one call creates five, written two at a time
    var results =
        commit.createAll(
            List.of(
                notification("a"),
                notification("b"),
                notification("c"),
                notification("d"),
                notification("e")));

    // then none after the first failure is written ahead of it: all fail, to be repeated in order
    assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(CreateResult.Failed.class));
    assertThat(written).isEmpty();
    // and a later call is written as usual
    assertThat(commit.createAll(List.of(notification("a"), notification("b"))))
        .extracting(r -> r.orThrow().notification().id())
        .containsExactly("a", "b");
  }

  private Function<List<Notification>, List<CreateResult>> storing() {
    return group -> {
      groupSizes.add(group.size());
      return group.stream()
          .<CreateResult>map(n -> new CreateResult.Done(new CreateOutcome.Created(n)))
          .toList();
    };
  }

  /** As a database commit would take, so that callers arrive while a group is written. */
  private static Function<List<Notification>, List<CreateResult>> slowly(
      Function<List<Notification>, List<CreateResult>> writer) {
    return group -> {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return writer.apply(group);
    };
  }

  private static <T> List<T> together(int callers, Function<Integer, T> work) throws Exception {
    var start = new CountDownLatch(1);
    try (var pool = Executors.newFixedThreadPool(callers)) {
      var futures = new ArrayList<Future<T>>();
      for (int i = 0; i < callers; i++) {
        int caller = i;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return work.apply(caller);
                }));
      }
      start.countDown();
      var results = new ArrayList<T>();
      for (var f : futures) {
        results.add(f.get());
      }
      return results;
    }
  }

  private static Notification notification(String id) {
    return Notification.builder()
        .id(id)
        .merchantId("m1")
        .channel(Channel.WEBHOOK)
        .orderNo("O-" + id)
        .paymentStatus(PaymentStatus.SUCCESS)
        .amount(new BigDecimal("1.00"))
        .currency("CNY")
        .notifyUrl("https://merchant.example/notify")
        .extra(Map.of())
        .retryPolicy("standard")
        .idempotencyKey(id)
        .fingerprint(id)
        .status(NotificationStatus.PENDING)
        .attempts(0)
        .maxAttempts(6)
        .nextAttemptAt(T0)
        .createdAt(T0)
        .updatedAt(T0)
        .version(0)
        .build();
  }
}
