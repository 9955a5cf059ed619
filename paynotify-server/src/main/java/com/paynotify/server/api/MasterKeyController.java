package com.paynotify.server.api;

import com.paynotify.Paynotify;
import com.paynotify.merchant.KeyRotation;
import com.paynotify.server.security.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/admin/master-key/reseal}: the last step of a master-key rotation. Seals every
 * stored secret again under this node's {@code paynotify.master-key} and rewrites the database's
 * key check under it, after which {@code paynotify.previous-master-keys} may be dropped. Admins
 * only, audited; the answer names keys by id, never a key or a secret.
 */
@RestController
class MasterKeyController {
  private static final Logger log = LoggerFactory.getLogger(MasterKeyController.class);
  private final KeyRotation rotation;
  private final AuditTrail audit;

  MasterKeyController(Paynotify paynotify, AuditTrail audit) {
    this.rotation = paynotify.masterKey();
    this.audit = audit;
  }

  /** How many values were sealed again, and the id of the key everything is sealed under now. */
  record ResealView(int resealed, String keyId) {}

  @PostMapping("/api/v1/admin/master-key/reseal")
  ResealView reseal() {
    var done = rotation.reseal();
    audit.record("master-key.reseal", null);
    log.info(
        "Sealed {} stored secrets again under master key {}; the key check is sealed under it",
        done.values(),
        done.keyId());
    return new ResealView(done.values(), done.keyId());
  }
}
