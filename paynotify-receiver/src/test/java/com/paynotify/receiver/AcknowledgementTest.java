package com.paynotify.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.paynotify.channel.Channel;
import com.paynotify.channel.ChannelFormat;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AcknowledgementTest {

  @Nested
  class Alipay {
    private final Acknowledgement ack = Acknowledgement.of(Channel.ALIPAY);

    @Test
    void successIsExactlyTheWordSuccess() {
      assertThat(ack.success()).isEqualTo(new Reply(200, "text/plain; charset=utf-8", "success"));
    }

    @Test
    void everyFailureIsTheWordFail() {
      assertThat(ack.retryLater("x").body()).isEqualTo("fail");
      assertThat(ack.inProgress("x").body()).isEqualTo("fail");
      assertThat(ack.rejected("x").body()).isEqualTo("fail");
      assertThat(ack.isSuccess(ack.inProgress("x"))).isFalse();
    }
  }

  @Nested
  class WechatV3 {
    private final Acknowledgement ack = Acknowledgement.of(Channel.WECHAT_V3);

    @Test
    void successIsTheChannelsEmpty200AndA204CountsToo() {
      assertThat(ack.success()).isEqualTo(new Reply(200, null, ""));
      assertThat(ack.isSuccess(new Reply(204, null, ""))).isTrue();
    }

    @Test
    void aRetryableFailureIsA5xxWithTheFailJson() {
      var reply = ack.retryLater("db \"down\"");

      assertThat(reply.status()).isEqualTo(500);
      assertThat(reply.body()).isEqualTo("{\"code\":\"FAIL\",\"message\":\"db \\\"down\\\"\"}");
      assertThat(ack.isSuccess(reply)).isFalse();
      assertThat(ack.rejected("bad").status())
          .as("a rejection is the channel's failure too")
          .isEqualTo(500);
    }
  }

  @Nested
  class WechatV2 {
    private final Acknowledgement ack = Acknowledgement.of(Channel.WECHAT_V2);

    @Test
    void successIsTheReturnCodeSuccessXml() {
      assertThat(ack.success().body())
          .isEqualTo(
              "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>");
    }

    @Test
    void aFailureIsTheReturnCodeFailXmlWithAnEscapedMessage() {
      var reply = ack.retryLater("bad ]]> message");

      assertThat(reply.body()).startsWith("<xml><return_code><![CDATA[FAIL]]></return_code>");
      assertThat(reply.body()).doesNotContain("bad ]]> message");
      assertThat(ack.isSuccess(reply)).isFalse();
    }
  }

  @Nested
  class Webhook {
    private final Acknowledgement ack = Acknowledgement.of(Channel.WEBHOOK);

    @Test
    void successIs2xxAndFailuresAre409Or503Or400() {
      assertThat(ack.success().status()).isEqualTo(204);
      assertThat(ack.inProgress("x").status()).isEqualTo(409);
      assertThat(ack.retryLater("x").status()).isEqualTo(503);
      assertThat(ack.rejected("x").status()).isEqualTo(400);
    }

    @Test
    void theSenderJudgesTheRepliesTheSameWay() {
      var sender = ChannelFormat.of(Channel.WEBHOOK);

      assertThat(sender.judge(ack.success().status(), ack.success().body()).name())
          .isEqualTo("ACCEPTED");
      assertThat(sender.judge(ack.inProgress("x").status(), "x").name()).isNotEqualTo("ACCEPTED");
    }
  }
}
