/**
 * The notification, merchant and retry-policy stores on H2, PostgreSQL and MySQL/MariaDB: plain
 * JDBC, schema by Flyway ({@link com.paynotify.store.jdbc.JdbcSchema#migrate}), no Spring.
 */
@NullMarked
package com.paynotify.store.jdbc;

import org.jspecify.annotations.NullMarked;
