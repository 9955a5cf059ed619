package com.paynotify.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** A write's row count outside what its statement can explain fails the write as a bug. */
class RowCountTest {

  @Test
  void aCountInRangeIsReturned() {
    assertThat(Jdbc.requireOne(1, "insert merchant m1")).isEqualTo(1);
    assertThat(Jdbc.requireAtMostOne(0, "revoke access token t1")).isZero();
    assertThat(Jdbc.requireEachBetween(new int[] {0, 1, 1}, 0, 1, "apply transitions"))
        .containsExactly(0, 1, 1);
  }

  @Test
  void anInsertOfNoRowIndicatesABug() {
    assertThatThrownBy(() -> Jdbc.requireOne(0, "insert merchant m1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "insert merchant m1: 0 rows written where 1 were expected. This indicates a bug.");
  }

  @Test
  void anUpdateByKeyOfTwoRowsIndicatesABug() {
    assertThatThrownBy(() -> Jdbc.requireAtMostOne(2, "update merchant m1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "update merchant m1: 2 rows written where 0 to 1 were expected. This indicates a bug.");
  }

  @Test
  void oneBadCountOfABatchFailsTheBatch() {
    assertThatThrownBy(
            () -> Jdbc.requireEachBetween(new int[] {1, 0, 1}, 1, 1, "delete published outcomes"))
        .hasMessageContaining("delete published outcomes: 0 rows written where 1 were expected");
  }

  @Test
  void aBatchWithoutItsCountsIsRefusedSinceNothingCanBeChecked() {
    assertThatThrownBy(
            () ->
                Jdbc.requireEachBetween(
                    new int[] {Statement.SUCCESS_NO_INFO}, 0, 1, "apply transitions"))
        .hasMessageContaining("did not report the update counts");
  }
}
