package com.paynotify.delivery;

import static com.paynotify.testkit.Notifications.aNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.paynotify.NotFoundException;
import com.paynotify.UseCaseFixture;
import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelFormat;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.channel.VerificationKeys;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PreviewTest {
  private final UseCaseFixture core = new UseCaseFixture();
  private final Preview preview = core.paynotify.preview();

  @AfterEach
  void tearDown() {
    core.close();
  }

  @Test
  void signsTheCallbackWithTheMerchantsCurrentSecretSoTheMerchantCanVerifyIt() {
    var merchant = core.paynotify.merchants().register("m1", "Shop", List.of());
    var notification = aNotification().build();
    core.create(notification);

    var signed = preview.of(notification.id());

    assertThat(signed.url()).isEqualTo(notification.notifyUrl());
    var received = new ReceivedCallback(signed.callback().headers(), signed.callback().body());
    var verified =
        ChannelFormat.of(Channel.WEBHOOK)
            .verify(
                received,
                new VerificationKeys.Webhook(List.of(merchant.webhookSecret())),
                core.clock.instant(),
                Duration.ofMinutes(5));
    assertThat(verified.notifyId()).isEqualTo(notification.id());
    assertThat(verified.orderNo()).isEqualTo(notification.orderNo());
    assertThat(core.reports.findAttempts(notification.id())).isEmpty();
  }

  @Test
  void aNotificationWhoseMerchantHasNoKeysForItsChannelHasNoPreview() {
    core.paynotify.merchants().register("m1", "Shop", List.of());
    var alipay = aNotification().channel(Channel.ALIPAY).retryPolicy("alipay").build();
    core.create(alipay);

    assertThatThrownBy(() -> preview.of(alipay.id()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("ALIPAY");
    assertThatThrownBy(() -> preview.of("ntf_unknown")).isInstanceOf(NotFoundException.class);
  }
}
