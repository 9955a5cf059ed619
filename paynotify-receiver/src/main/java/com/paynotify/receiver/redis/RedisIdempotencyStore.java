package com.paynotify.receiver.redis;

import com.paynotify.receiver.IdempotencyRecord;
import com.paynotify.receiver.IdempotencyStore;
import com.paynotify.receiver.IdempotencyStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The idempotency store on Redis: one string key per dedup key holding the record (state, owner
 * token, lease end, claim time, done time, keep-until, fingerprint, one per line). A claim is
 * {@code SET NX PX lease}; a takeover, renewal, completion and release are Lua compare-and-sets on
 * the owner token. A DONE record expires by itself after the retention, so {@link #purgeBatch} has
 * nothing to do. The lease end in the value follows the caller's clock; the key's TTL is only the
 * backstop that frees a crashed claim. Use a Redis with persistence (AOF) and no eviction of these
 * keys: a lost DONE mark means the handler runs again.
 */
public final class RedisIdempotencyStore implements IdempotencyStore {
  // Splits the value into its 7 fields: the fingerprint is last and may contain anything.
  private static final String SPLIT =
      """
      local function split(v)
        local f, i = {}, 1
        for n = 1, 6 do
          local j = string.find(v, '\\n', i, true)
          f[n] = string.sub(v, i, j - 1)
          i = j + 1
        end
        f[7] = string.sub(v, i)
        return f
      end
      local function join(f) return table.concat(f, '\\n') end
      """;
  private static final String TAKEOVER =
      SPLIT
          + """
          local v = redis.call('GET', KEYS[1])
          if not v then
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[4])
            return 'ACQUIRED'
          end
          local f = split(v)
          if f[1] == 'PROCESSING' and tonumber(f[3]) <= tonumber(ARGV[1]) and f[7] == ARGV[3] then
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[4])
            return 'TAKEOVER'
          end
          return v
          """;

  /**
   * The fencing check every change of a claim starts with: the key holds a PROCESSING record owned
   * by the token in ARGV[1], read into {@code f}; otherwise the script returns 0 and changes
   * nothing.
   */
  private static final String OWNED =
      SPLIT
          + """
          local v = redis.call('GET', KEYS[1])
          if not v then return 0 end
          local f = split(v)
          if f[1] ~= 'PROCESSING' or f[2] ~= ARGV[1] then return 0 end
          """;

  private static final String RENEW =
      OWNED
          + """
          f[3] = ARGV[2]
          redis.call('SET', KEYS[1], join(f), 'PX', ARGV[3])
          return 1
          """;
  private static final String COMPLETE =
      OWNED
          + """
          f[1] = 'DONE'
          f[5] = ARGV[2]
          f[6] = ARGV[3]
          redis.call('SET', KEYS[1], join(f), 'PX', ARGV[4])
          return 1
          """;
  private static final String RELEASE =
      OWNED
          + """
          redis.call('DEL', KEYS[1])
          return 1
          """;

  /** How long a PROCESSING key outlives its lease before Redis drops it. */
  public static final Duration PROCESSING_TTL_SLACK = Duration.ofMinutes(1);

  private final RedisCommands redis;
  private final String keyPrefix;

  /** A store whose keys are {@code keyPrefix + dedupKey}, for example {@code "shop:paynotify:"}. */
  public RedisIdempotencyStore(RedisCommands redis, String keyPrefix) {
    this.redis = redis;
    this.keyPrefix = keyPrefix;
  }

  @Override
  public Claim claim(
      String key, String fingerprint, String ownerToken, Instant now, Duration lease) {
    checkPositive("lease", lease);
    var value = encode("PROCESSING", ownerToken, now.plus(lease), now, null, null, fingerprint);
    try {
      var ttl = lease.plus(PROCESSING_TTL_SLACK);
      if (redis.setIfAbsent(keyPrefix + key, value, ttl)) {
        return new Claim.Acquired(false);
      }
      var reply =
          redis.eval(
              TAKEOVER,
              keyPrefix + key,
              List.of(
                  Long.toString(now.toEpochMilli()),
                  value,
                  fingerprint,
                  Long.toString(ttl.toMillis())));
      if ("ACQUIRED".equals(reply)) {
        return new Claim.Acquired(false); // the holder expired or released in between
      }
      if ("TAKEOVER".equals(reply)) {
        return new Claim.Acquired(true);
      }
      if (reply instanceof String held) {
        return new Claim.Held(decode(key, held));
      }
      throw new IdempotencyStoreException("unexpected reply to the claim of " + key + ": " + reply);
    } catch (IdempotencyStoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IdempotencyStoreException("cannot claim " + key, e);
    }
  }

  @Override
  public boolean renew(String key, String ownerToken, Instant now, Duration lease) {
    checkPositive("lease", lease);
    return cas(
        RENEW,
        "renew",
        key,
        List.of(
            ownerToken,
            Long.toString(now.plus(lease).toEpochMilli()),
            Long.toString(lease.plus(PROCESSING_TTL_SLACK).toMillis())));
  }

  @Override
  public boolean complete(String key, String ownerToken, Instant now, Instant keepUntil) {
    var ttl = Duration.between(now, keepUntil);
    checkPositive("keepUntil - now", ttl);
    return cas(
        COMPLETE,
        "complete",
        key,
        List.of(
            ownerToken,
            Long.toString(now.toEpochMilli()),
            Long.toString(keepUntil.toEpochMilli()),
            Long.toString(ttl.toMillis())));
  }

  @Override
  public boolean release(String key, String ownerToken) {
    return cas(RELEASE, "release", key, List.of(ownerToken));
  }

  @Override
  public Optional<IdempotencyRecord> find(String key) {
    try {
      var value = redis.get(keyPrefix + key);
      return value == null ? Optional.empty() : Optional.of(decode(key, value));
    } catch (RuntimeException e) {
      throw new IdempotencyStoreException("cannot read " + key, e);
    }
  }

  /** Always 0: Redis expires DONE records and abandoned claims by their TTL. */
  @Override
  public int purgeBatch(Instant now, Instant abandonedBefore, int limit) {
    return 0;
  }

  private boolean cas(String script, String what, String key, List<String> args) {
    try {
      var reply = redis.eval(script, keyPrefix + key, args);
      return reply instanceof Long n && n == 1L;
    } catch (RuntimeException e) {
      throw new IdempotencyStoreException("cannot " + what + " " + key, e);
    }
  }

  private static String encode(
      String state,
      String token,
      Instant leaseUntil,
      Instant claimedAt,
      @Nullable Instant doneAt,
      @Nullable Instant keepUntil,
      String fingerprint) {
    if (token.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("ownerToken: must not contain a line break");
    }
    return String.join(
        "\n",
        state,
        token,
        Long.toString(leaseUntil.toEpochMilli()),
        Long.toString(claimedAt.toEpochMilli()),
        doneAt == null ? "" : Long.toString(doneAt.toEpochMilli()),
        keepUntil == null ? "" : Long.toString(keepUntil.toEpochMilli()),
        fingerprint);
  }

  private static IdempotencyRecord decode(String key, String value) {
    var f = value.split("\n", 7);
    if (f.length != 7) {
      throw new IdempotencyStoreException("record of " + key + " is not in the store's format");
    }
    return new IdempotencyRecord(
        key,
        IdempotencyRecord.State.valueOf(f[0]),
        f[1],
        f[6],
        Instant.ofEpochMilli(Long.parseLong(f[3])),
        Instant.ofEpochMilli(Long.parseLong(f[2])),
        f[4].isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(f[4])),
        f[5].isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(f[5])));
  }

  private static void checkPositive(String name, Duration value) {
    if (value.toMillis() < 1) {
      throw new IllegalArgumentException(name + ": must be at least 1 ms, got " + value);
    }
  }
}
