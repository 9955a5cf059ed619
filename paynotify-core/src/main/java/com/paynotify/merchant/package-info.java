/** Merchants: who may receive callbacks, where, and with which keys. */
@NullMarked
package com.paynotify.merchant;

import org.jspecify.annotations.NullMarked;
