package com.paynotify.channel;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The names an event's {@code extra} entries may not use on one channel: every field the channel's
 * builder ever writes, for any payment status, with nested fields in their flattened dotted form
 * ({@code amount.total}). A key collides when, folded as the channel's merchants read keys (case
 * and surrounding spaces ignored, and for form bodies {@code .} and space read as {@code _}), it
 * equals a reserved name, lies under one ({@code amount.x}) or has one under it ({@code amount}). A
 * few placeholder fields the channel has no source for ({@link #suppliable()}, such as WeChat Pay's
 * {@code trade_type}) may be supplied under exactly their own name.
 */
public final class ReservedNames {
  private static final int SHOWN_KEY_LENGTH = 64;

  private final Channel channel;
  private final Set<String> names;
  private final Set<String> suppliable;
  private final UnaryOperator<String> fold;

  /** Folded name → the name as written, for names and suppliable names alike. */
  private final Map<String, String> folded = new HashMap<>();

  private ReservedNames(
      Channel channel, Set<String> names, Set<String> suppliable, UnaryOperator<String> fold) {
    this.channel = channel;
    this.names = Set.copyOf(names);
    this.suppliable = Set.copyOf(suppliable);
    this.fold = fold;
    for (var name : names) {
      folded.put(fold.apply(name), name);
    }
    for (var name : suppliable) {
      folded.put(fold.apply(name), name);
    }
  }

  /** Names of a JSON or XML body: keys compared ignoring case. */
  static ReservedNames of(Channel channel, Set<String> names, Set<String> suppliable) {
    return new ReservedNames(channel, names, suppliable, ReservedNames::ignoringCase);
  }

  /**
   * Names of a form body. PHP, common among Alipay merchants, reads {@code refund.fee} and {@code
   * refund fee} as {@code refund_fee}, so those spellings collide too.
   */
  static ReservedNames ofForm(Channel channel, Set<String> names) {
    return new ReservedNames(
        channel, names, Set.of(), key -> ignoringCase(key).replace('.', '_').replace(' ', '_'));
  }

  /** The channel these names belong to. */
  public Channel channel() {
    return channel;
  }

  /** The reserved names as the builder writes them, flattened forms included. */
  public Set<String> names() {
    return names;
  }

  /**
   * Wire fields the builder fills with a placeholder unless {@code extra} has an entry of exactly
   * this name; any other spelling of them collides.
   */
  public Set<String> suppliable() {
    return suppliable;
  }

  /** Whether {@code key} as an {@code extra} key would set or shadow a wire field. */
  public boolean reserves(String key) {
    return collidesWith(key).isPresent();
  }

  /**
   * The first colliding key of {@code extra} in sorted order (so the answer never depends on map
   * order), or empty when none collides.
   */
  public Optional<Collision> collision(Map<String, ?> extra) {
    for (var key : new TreeSet<>(extra.keySet())) {
      var name = collidesWith(key);
      if (name.isPresent()) {
        return Optional.of(new Collision(channel, key, name.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * A key of {@code extra} that uses a reserved name.
   *
   * @param key the key as given
   * @param name the reserved name it collides with, as the builder writes it
   */
  public record Collision(Channel channel, String key, String name) {

    /** The request field to name in an error: {@code extra.<key>}, a long key cut short. */
    public String field() {
      return "extra." + shown(key);
    }

    /** What is wrong, without the field: "is a reserved ALIPAY field ...". */
    public String reason() {
      var what =
          key.equals(name)
              ? "is a reserved " + channel + " field"
              : "collides with " + name + ", a reserved " + channel + " field";
      return what + "; extra may not set or shadow a field of the wire format";
    }
  }

  /** Throws when an {@code extra} key collides: the builder's own guard, whatever callers did. */
  void requireFree(Map<String, ?> extra) {
    collision(extra)
        .ifPresent(
            c -> {
              throw new IllegalArgumentException(c.field() + ": " + c.reason());
            });
  }

  /**
   * Throws when a builder wrote a field these names do not declare, so the list cannot fall behind
   * the builder. Keys of {@code map} that came from {@code extra} are skipped.
   *
   * @param prefix the dotted path of {@code map} in the body, empty for the top level
   */
  void requireDeclared(String prefix, Map<String, ?> map, Map<String, ?> extra) {
    for (var key : map.keySet()) {
      if (extra.containsKey(key) && !suppliable.contains(key)) {
        continue;
      }
      var path = prefix + key;
      if (!names.contains(path) && !suppliable.contains(path)) {
        throw new IllegalStateException(
            channel + " writes " + path + ", which is missing from its reserved names");
      }
    }
  }

  private Optional<String> collidesWith(String key) {
    if (suppliable.contains(key)) {
      return Optional.empty();
    }
    var wanted = fold.apply(key);
    var exact = folded.get(wanted);
    if (exact != null) {
      return Optional.of(exact);
    }
    // A key under a reserved object, as a reader that flattens nested objects sees it.
    for (int dot = wanted.indexOf('.'); dot >= 0; dot = wanted.indexOf('.', dot + 1)) {
      var above = folded.get(wanted.substring(0, dot));
      if (above != null) {
        return Optional.of(above);
      }
    }
    // A key with reserved fields under it, such as amount, whose value would stand for them.
    return folded.entrySet().stream()
        .filter(e -> e.getKey().startsWith(wanted + "."))
        .map(Map.Entry::getValue)
        .sorted()
        .findFirst();
  }

  private static String ignoringCase(String key) {
    return key.strip().toLowerCase(Locale.ROOT);
  }

  /** A key as an error may show it: at most 64 characters, control characters replaced. */
  private static String shown(String key) {
    var cut = key;
    if (cut.length() > SHOWN_KEY_LENGTH) {
      int end = SHOWN_KEY_LENGTH;
      if (Character.isHighSurrogate(cut.charAt(end - 1))) {
        end--;
      }
      cut = cut.substring(0, end) + "…";
    }
    var shown = new StringBuilder(cut.length());
    cut.codePoints().forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return shown.toString();
  }
}
