package com.paynotify.server.api;

import com.paynotify.Paynotify;
import com.paynotify.access.Audit;
import com.paynotify.access.AuditEntry;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/audit?page=&size=}: who changed what and when, newest first. Admins only. */
@RestController
class AuditController {
  private final Audit audit;

  AuditController(Paynotify paynotify) {
    this.audit = paynotify.audit();
  }

  record AuditPage(List<AuditEntry> items, int page, int size, long total) {}

  @GetMapping("/api/v1/audit")
  AuditPage find(
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
    var found = audit.search(page, size);
    return new AuditPage(found.items(), found.page(), found.size(), found.total());
  }
}
