package com.paynotify.notification;

import static com.paynotify.testkit.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.store.jdbc.JdbcDeliveryQueue;
import com.paynotify.store.jdbc.JdbcSchema;
import com.paynotify.testkit.TestDatabase;
import com.paynotify.testkit.TestDatabases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit on the machine's PostgreSQL: many concurrent creates, each answered with its own
 * row, in far fewer commits than creates; a key sent twice at once is stored once.
 */
class GroupCommitOnPostgresTest {
  private static final int CALLERS = 32;
  private static final int EACH = 25;
  private final AtomicInteger commits = new AtomicInteger();
  private TestDatabase database;
  private DeliveryQueue store;

  @BeforeEach
  void setUp() {
    database = TestDatabases.postgres();
    JdbcSchema.migrate(database.dataSource());
    store = new JdbcDeliveryQueue(countingCommits(database.dataSource()));
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  @Test
  void concurrentCreatesShareCommitsAndEachCallerGetsItsOwnRow() throws Exception {
    var commit =
        new GroupCommit(
            group -> store.createAll(group, LeaseOffer.NONE),
            GroupCommit.DEFAULT_MAX_GROUP,
            GroupCommit.DEFAULT_MAX_WAITING);
    commits.set(0);

    var answers =
        together(
            caller -> {
              var own = new ArrayList<String>();
              for (int i = 0; i < EACH; i++) {
                var notification = aNotification().build();
                var outcome = commit.create(notification).orThrow();
                if (outcome instanceof CreateOutcome.Created created
                    && created.notification().id().equals(notification.id())) {
                  own.add(notification.id());
                }
              }
              return own;
            });
    int commitsOfCreates = commits.get();

    assertThat(answers)
        .allSatisfy(
            ids ->
                assertThat(ids)
                    .hasSize(EACH)
                    .allSatisfy(
                        id ->
                            assertThat(store.find(id))
                                .as("committed before it was answered")
                                .isPresent()));
    assertThat(commitsOfCreates)
        .as("commits for %d creates", CALLERS * EACH)
        .isLessThan(CALLERS * EACH * 6 / 10);
  }

  @Test
  void theSameKeyFromTwoCallersAtOnceIsStoredOnceAndAnsweredWithTheSameNotification()
      throws Exception {
    var commit =
        new GroupCommit(
            group -> store.createAll(group, LeaseOffer.NONE),
            GroupCommit.DEFAULT_MAX_GROUP,
            GroupCommit.DEFAULT_MAX_WAITING);

    var answers =
        together(
            caller -> {
              var outcome =
                  commit
                      .create(
                          aNotification()
                              .orderNo("O-TWICE")
                              .idempotencyKey("O-TWICE|SUCCESS")
                              .build())
                      .orThrow();
              return (outcome instanceof CreateOutcome.Created ? "created " : "existing ")
                  + outcome.notification().id();
            });

    assertThat(answers).filteredOn(a -> a.startsWith("created ")).hasSize(1);
    var id =
        answers.stream()
            .filter(a -> a.startsWith("created "))
            .findFirst()
            .orElseThrow()
            .substring("created ".length());
    assertThat(answers).allSatisfy(a -> assertThat(a).endsWith(id));
  }

  private static <T> List<T> together(java.util.function.Function<Integer, T> work)
      throws Exception {
    var start = new CountDownLatch(1);
    try (var pool = Executors.newFixedThreadPool(CALLERS)) {
      var futures = new ArrayList<Future<T>>();
      for (int i = 0; i < CALLERS; i++) {
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

  /**
   * Counts commits: explicit ones, and statements run in auto-commit mode (each its own
   * transaction).
   */
  private DataSource countingCommits(DataSource dataSource) {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              var result = invoke(dataSource, method, args);
              return result instanceof Connection connection ? countingCommits(connection) : result;
            });
  }

  private Connection countingCommits(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("commit")) {
                commits.incrementAndGet();
              } else if (method.getName().startsWith("prepare") && connection.getAutoCommit()) {
                commits.incrementAndGet();
              }
              return invoke(connection, method, args);
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
