/**
 * The servlet / Spring MVC glue: read a callback from an {@code HttpServletRequest}, write the
 * reply to an {@code HttpServletResponse}. Needs the Jakarta Servlet API (an optional dependency).
 */
@NullMarked
package com.paynotify.receiver.servlet;

import org.jspecify.annotations.NullMarked;
