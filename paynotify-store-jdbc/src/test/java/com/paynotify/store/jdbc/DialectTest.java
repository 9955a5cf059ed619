package com.paynotify.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Lists of ids and order numbers make a handful of distinct statements, whatever their length. */
class DialectTest {

  @Test
  void matchesAListWithOneArrayOnPostgresql() {
    assertThat(Dialect.POSTGRESQL.anyOf("id", 1)).isEqualTo("id = ANY(?)");
    assertThat(Dialect.POSTGRESQL.anyOf("id", 137)).isEqualTo("id = ANY(?)");
  }

  @Test
  void padsAListToAFewFixedSizesElsewhere() {
    assertThat(Dialect.paddedSize(1)).isEqualTo(1);
    assertThat(Dialect.paddedSize(2)).isEqualTo(8);
    assertThat(Dialect.paddedSize(9)).isEqualTo(32);
    assertThat(Dialect.paddedSize(33)).isEqualTo(200);
    assertThat(Dialect.paddedSize(201)).isEqualTo(1000);
    assertThat(Dialect.paddedSize(1001)).isEqualTo(2000);
    assertThat(Dialect.MYSQL.anyOf("order_no", 3))
        .isEqualTo("order_no IN (?, ?, ?, ?, ?, ?, ?, ?)");
  }
}
