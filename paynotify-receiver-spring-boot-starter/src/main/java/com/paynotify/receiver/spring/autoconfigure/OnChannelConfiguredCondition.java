package com.paynotify.receiver.spring.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when some channel's keys are set under {@code paynotify.receiver}: only then is a store
 * wanted.
 */
final class OnChannelConfiguredCondition extends SpringBootCondition {

  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    var configured =
        Binder.get(context.getEnvironment())
            .bind("paynotify.receiver", PaynotifyReceiverProperties.class)
            .map(PaynotifyReceiverProperties::anyChannel)
            .orElse(false);
    return configured
        ? ConditionOutcome.match("a paynotify.receiver channel has keys")
        : ConditionOutcome.noMatch("no paynotify.receiver channel has keys");
  }
}
