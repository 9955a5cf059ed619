/** The API's messages in the caller's language: English, or Simplified Chinese. */
@NullMarked
package com.paynotify.server.i18n;

import org.jspecify.annotations.NullMarked;
