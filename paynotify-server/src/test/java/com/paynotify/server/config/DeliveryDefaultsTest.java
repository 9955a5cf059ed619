package com.paynotify.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.Paynotify;
import com.paynotify.delivery.HostGate;
import org.junit.jupiter.api.Test;

/**
 * Unset {@code paynotify.delivery.*} properties are the core's own defaults, so the two cannot
 * drift.
 */
class DeliveryDefaultsTest {

  @Test
  void unsetDeliveryPropertiesAreTheCoresDefaults() {
    var delivery = new PaynotifyProperties.Delivery(null, null, null, null, null, null, null, null);

    assertThat(delivery.batchSize()).isEqualTo(Paynotify.DEFAULT_BATCH_SIZE);
    assertThat(delivery.maxInFlight()).isEqualTo(Paynotify.DEFAULT_MAX_IN_FLIGHT);
    assertThat(delivery.lease()).isEqualTo(Paynotify.DEFAULT_LEASE);
    assertThat(delivery.pollInterval()).isEqualTo(Paynotify.DEFAULT_POLL_INTERVAL);
    assertThat(delivery.maxPerHost()).isEqualTo(HostGate.DEFAULT_MAX_PER_HOST);
    assertThat(delivery.hostFailureThreshold()).isEqualTo(HostGate.DEFAULT_FAILURE_THRESHOLD);
  }
}
