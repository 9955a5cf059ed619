package com.paynotify.server.api;

import com.paynotify.Meta;
import com.paynotify.Paynotify;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/meta}: the statuses, channels and error kinds menus are built from; any role
 * may read it.
 */
@RestController
class MetaController {
  private final Paynotify paynotify;

  MetaController(Paynotify paynotify) {
    this.paynotify = paynotify;
  }

  @GetMapping("/api/v1/meta")
  Meta meta() {
    return paynotify.meta();
  }
}
