package com.paynotify.access;

import com.paynotify.InvalidRequestException;
import com.paynotify.KeysetPage;
import com.paynotify.NotFoundException;
import com.paynotify.PageRequest;
import com.paynotify.merchant.MerchantStore;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The API token use cases: issue a token of a role, optionally scoped to existing merchants, list
 * and revoke them. The token itself is in the answer that issues it and nowhere else; only its
 * SHA-256 is stored.
 */
public final class Tokens {
  /** The longest name a token may have. */
  public static final int MAX_NAME_LENGTH = 100;

  private static final int MAX_ID_LENGTH = 64;

  private final AccessTokenStore store;
  private final MerchantStore merchants;
  private final InstantSource clock;

  public Tokens(AccessTokenStore store, MerchantStore merchants, InstantSource clock) {
    this.store = store;
    this.merchants = merchants;
    this.clock = clock;
  }

  /**
   * Issues and stores a new token.
   *
   * @param name what the token is for, stripped
   * @param merchantIds the merchants it may act for, each an existing one; null for every merchant
   * @param issuedBy who issues it, as the audit log names callers
   * @throws InvalidRequestException naming {@code name} or {@code merchantIds}
   */
  public AccessToken.Issued issue(
      String name, Role role, @Nullable List<String> merchantIds, String issuedBy) {
    if (name.isBlank()) {
      throw InvalidRequestException.missing("name");
    }
    if (name.strip().length() > MAX_NAME_LENGTH) {
      throw InvalidRequestException.invalid(
          "name", "at most " + MAX_NAME_LENGTH + " characters, got " + name.strip().length());
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw InvalidRequestException.invalid("name", "must not contain control characters");
    }
    var issued =
        AccessToken.issue(
            name,
            role,
            scope(merchantIds, role),
            issuedBy,
            clock.instant().truncatedTo(ChronoUnit.MILLIS));
    store.create(issued.token());
    return issued;
  }

  /** Every token, revoked ones included, newest first. */
  public List<AccessToken> all() {
    return store.findAll();
  }

  /**
   * One page of the tokens, revoked ones included, newest first; the cursor is the last id read.
   */
  public KeysetPage<AccessToken> page(PageRequest request) {
    return KeysetPage.of(
        store.findPage(request.cursor(), request.limit() + 1), request.limit(), AccessToken::id);
  }

  /**
   * Revokes a token; one revoked already stays revoked since then.
   *
   * @throws NotFoundException if there is no such token
   */
  public void revoke(String id) {
    if (!store.revoke(id, clock.instant().truncatedTo(ChronoUnit.MILLIS))
        && store.findAll().stream().noneMatch(token -> token.id().equals(id))) {
      throw new NotFoundException("token", id);
    }
  }

  /** Every merchant without {@code merchantIds}; else those, each an existing merchant. */
  private MerchantScope scope(@Nullable List<String> merchantIds, Role role) {
    if (merchantIds == null) {
      return MerchantScope.EVERY;
    }
    if (merchantIds.isEmpty() || merchantIds.size() > MerchantScope.MAX_MERCHANTS) {
      throw InvalidRequestException.invalid(
          "merchantIds",
          "lists 1 to " + MerchantScope.MAX_MERCHANTS + " merchant ids, got " + merchantIds.size());
    }
    if (role == Role.ADMIN) {
      throw InvalidRequestException.invalid(
          "merchantIds", "an admin token cannot be limited to merchants");
    }
    for (var id : merchantIds) {
      if (id.length() > MAX_ID_LENGTH || merchants.find(id).isEmpty()) {
        throw InvalidRequestException.invalid("merchantIds", "no merchant '" + cut(id) + "'");
      }
    }
    return MerchantScope.only(merchantIds);
  }

  private static String cut(String text) {
    return text.length() > MAX_ID_LENGTH ? text.substring(0, MAX_ID_LENGTH) + "…" : text;
  }
}
