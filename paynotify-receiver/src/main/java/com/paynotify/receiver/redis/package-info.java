/**
 * The Redis idempotency store: {@code SET key value NX PX lease} to claim, Lua compare-and-set on
 * the owner token for takeover, renewal, completion and release, and the DONE mark with a TTL.
 * Redis is reached through the small {@link com.paynotify.receiver.redis.RedisCommands} port;
 * {@link com.paynotify.receiver.redis.JedisCommands} adapts Jedis (an optional dependency).
 */
@NullMarked
package com.paynotify.receiver.redis;

import org.jspecify.annotations.NullMarked;
