/** Who may do what: roles, API tokens (stored as hashes only) and the audit log of changes. */
@NullMarked
package com.paynotify.access;

import org.jspecify.annotations.NullMarked;
