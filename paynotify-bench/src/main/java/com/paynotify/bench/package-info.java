/** Benchmarks: a load generator and a mock merchant. */
@NullMarked
package com.paynotify.bench;

import org.jspecify.annotations.NullMarked;
