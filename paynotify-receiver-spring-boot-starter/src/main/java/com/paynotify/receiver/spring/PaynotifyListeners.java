package com.paynotify.receiver.spring;

import com.paynotify.channel.Channel;
import com.paynotify.receiver.NotificationHandler;
import com.paynotify.receiver.ReceivedNotification;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the {@link PaynotifyListener} methods of every bean. It runs after the proxy creators (it
 * is not ordered), so a listener is invoked on the bean's proxy and its {@code @Transactional} or
 * other advice applies.
 */
public final class PaynotifyListeners implements BeanPostProcessor {
  private final Map<Channel, Listener> listeners = new EnumMap<>(Channel.class);

  /** One listener method on its (possibly proxied) bean. */
  private record Listener(Object bean, Method method, String name) implements NotificationHandler {
    @Override
    public void handle(ReceivedNotification notification) throws Exception {
      try {
        method.invoke(bean, notification);
      } catch (InvocationTargetException e) {
        // The listener's own exception, so the receiver logs the real cause.
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw e;
      }
    }
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    var type = AopUtils.getTargetClass(bean);
    if (!AnnotationUtils.isCandidateClass(type, PaynotifyListener.class)) {
      return bean;
    }
    var methods =
        MethodIntrospector.selectMethods(
            type,
            (MethodIntrospector.MetadataLookup<PaynotifyListener>)
                method ->
                    AnnotatedElementUtils.findMergedAnnotation(method, PaynotifyListener.class));
    methods.forEach((method, annotation) -> register(bean, beanName, method, annotation.channel()));
    return bean;
  }

  private synchronized void register(Object bean, String beanName, Method method, Channel channel) {
    var name = beanName + "." + method.getName();
    if (method.getParameterCount() != 1
        || !method.getParameterTypes()[0].equals(ReceivedNotification.class)) {
      throw new IllegalStateException(
          "@PaynotifyListener " + name + ": must take exactly one ReceivedNotification");
    }
    var existing = listeners.get(channel);
    if (existing != null) {
      throw new IllegalStateException(
          "@PaynotifyListener(channel = "
              + channel
              + "): both "
              + existing.name()
              + " and "
              + name
              + "; one listener per channel");
    }
    var invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
    ReflectionUtils.makeAccessible(invocable);
    listeners.put(channel, new Listener(bean, invocable, name));
  }

  /** The listener of a channel, if a bean declares one. */
  public synchronized Optional<NotificationHandler> handler(Channel channel) {
    return Optional.ofNullable(listeners.get(channel));
  }

  /** The channels that have a listener, with the method of each. */
  public synchronized Map<Channel, String> names() {
    var names = new EnumMap<Channel, String>(Channel.class);
    listeners.forEach((channel, listener) -> names.put(channel, listener.name()));
    return names;
  }
}
