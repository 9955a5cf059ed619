/**
 * The Java client of the Paynotify HTTP API, for payment platforms: create, read, search, retry and
 * abandon notifications, with typed answers and errors. Built on the JDK's {@code HttpClient} and
 * Jackson only, so it runs in any Java 25 application, Spring or not.
 */
@NullMarked
package com.paynotify.client;

import org.jspecify.annotations.NullMarked;
