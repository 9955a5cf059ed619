package com.paynotify.receiver.spring;

import com.paynotify.channel.Channel;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the handler of one channel's verified notifications, run by {@link
 * PaynotifyCallbacks#receive(Channel, org.springframework.http.HttpHeaders, java.io.InputStream)}
 * at most once per notification. The method takes one {@link
 * com.paynotify.receiver.ReceivedNotification}; throwing makes the sender deliver again. It is
 * called through the bean's proxy, so {@code @Transactional} on it applies. One listener per
 * channel.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PaynotifyListener {

  /** The channel whose notifications the method handles. */
  Channel channel();
}
