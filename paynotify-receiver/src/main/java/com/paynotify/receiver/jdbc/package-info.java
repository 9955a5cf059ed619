/**
 * The JDBC idempotency store on PostgreSQL, MySQL/MariaDB and H2, with its DDL shipped as the
 * resources {@code com/paynotify/receiver/jdbc/<dialect>.sql}. Plain JDBC, no framework.
 */
@NullMarked
package com.paynotify.receiver.jdbc;

import org.jspecify.annotations.NullMarked;
