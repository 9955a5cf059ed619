/** Test support shared by Paynotify's modules: a settable clock, builders, fakes and contracts. */
@NullMarked
package com.paynotify.testkit;

import org.jspecify.annotations.NullMarked;
