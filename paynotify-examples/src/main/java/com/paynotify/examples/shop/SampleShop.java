package com.paynotify.examples.shop;

import com.paynotify.channel.Channel;
import com.paynotify.channel.PaymentStatus;
import com.paynotify.channel.ReceivedCallback;
import com.paynotify.receiver.CallbackVerifier;
import com.paynotify.receiver.NotificationCheck;
import com.paynotify.receiver.NotificationReceiver;
import com.paynotify.receiver.Receipt;
import com.paynotify.receiver.ReceivedNotification;
import com.paynotify.receiver.Reply;
import com.paynotify.receiver.jdbc.JdbcIdempotencyStore;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A merchant's shop receiving its payment callbacks: {@code POST /callbacks/<channel>} (for example
 * {@code /callbacks/wechat_v3}) for each channel it has a verifier for, on the JDK's HTTP server.
 * Each callback is verified, checked against the order (it exists, the amount matches), and marks
 * the order in the {@code orders} table in the same transaction as the receiver's DONE mark, so a
 * notification changes its order exactly once however often and however concurrently it arrives.
 *
 * <p>The {@link DataSource} holds both the {@code orders} table and the receiver's idempotency
 * table. A request holds one connection while a duplicate waits for the first copy, and the claim
 * needs another: size the pool above the concurrent callbacks you expect.
 */
public final class SampleShop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SampleShop.class);

  /** What the shop does after marking an order, inside the same transaction: throw to roll back. */
  @FunctionalInterface
  public interface Fulfilment {
    /** Ships nothing. */
    Fulfilment NONE = notification -> {};

    void ship(ReceivedNotification notification) throws Exception;
  }

  /** One callback as it arrived and what the receiver made of it. */
  public record Delivery(Channel channel, ReceivedCallback callback, Receipt receipt) {}

  private final DataSource dataSource;
  private final Orders orders;
  private final Map<Channel, NotificationReceiver> receivers = new EnumMap<>(Channel.class);
  private final Fulfilment fulfilment;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpServer server;

  private SampleShop(
      DataSource dataSource, List<CallbackVerifier> verifiers, Fulfilment fulfilment, int port)
      throws IOException {
    this.dataSource = dataSource;
    this.orders = new Orders(dataSource);
    this.fulfilment = fulfilment;
    orders.createTableIfMissing();
    var store = JdbcIdempotencyStore.create(dataSource);
    store.createSchemaIfMissing();
    NotificationCheck matchesOrder = this::refusal;
    for (var verifier : verifiers) {
      receivers.put(
          verifier.channel(),
          NotificationReceiver.builder(verifier, store).check(matchesOrder).build());
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.setExecutor(threads);
    receivers.forEach(
        (channel, receiver) ->
            server.createContext(path(channel), exchange -> receive(channel, exchange)));
    server.start();
  }

  /**
   * Starts the shop on {@code port} (0 for any free port) with one endpoint per verifier's channel.
   */
  public static SampleShop start(
      DataSource dataSource, List<CallbackVerifier> verifiers, Fulfilment fulfilment, int port)
      throws IOException {
    return new SampleShop(dataSource, verifiers, fulfilment, port);
  }

  /** The callback URL of a channel, to give Paynotify as the {@code notifyUrl}. */
  public URI url(Channel channel) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path(channel));
  }

  public Orders orders() {
    return orders;
  }

  /** Every callback received so far, in arrival order. */
  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.close();
    receivers.values().forEach(NotificationReceiver::close);
  }

  private static String path(Channel channel) {
    return "/callbacks/" + channel.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The shop's own check, as Alipay and WeChat Pay ask: the order exists and the amount matches.
   */
  private Optional<String> refusal(ReceivedNotification notification) {
    var order = orders.find(notification.orderNo());
    if (order.isEmpty()) {
      return Optional.of("no order " + notification.orderNo());
    }
    if (order.get().amount().compareTo(notification.amount()) != 0) {
      return Optional.of("amount differs from order " + notification.orderNo());
    }
    return Optional.empty();
  }

  private void receive(Channel channel, HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      var headers = new LinkedHashMap<String, String>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.getFirst()));
      var callback = new ReceivedCallback(headers, exchange.getRequestBody().readAllBytes());
      Receipt receipt;
      try (var connection = dataSource.getConnection()) {
        receipt =
            receivers
                .get(channel)
                .handleInTransaction(
                    callback,
                    connection,
                    (notification, c) -> {
                      var status = statusOf(notification.paymentStatus());
                      if (!Orders.record(
                          c, notification.orderNo(), status, notification.transactionId())) {
                        throw new IllegalStateException(
                            "order " + notification.orderNo() + " vanished");
                      }
                      fulfilment.ship(notification);
                    });
      } catch (SQLException e) {
        log.error("{} callback: no database connection; the sender will retry", channel, e);
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      deliveries.add(new Delivery(channel, callback, receipt));
      write(receipt.reply(), exchange);
    }
  }

  private static String statusOf(PaymentStatus status) {
    return switch (status) {
      case SUCCESS -> "PAID";
      case REFUNDED -> "REFUNDED";
      default -> "CLOSED";
    };
  }

  private static void write(Reply reply, HttpExchange exchange) throws IOException {
    var body = reply.bodyBytes();
    if (reply.contentType() != null) {
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    }
    exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }
}
