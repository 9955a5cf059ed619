package com.paynotify.http;

import com.paynotify.HostResolver;
import com.paynotify.delivery.NetworkPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Resolves a merchant host and keeps only the addresses the network policy permits. The client
 * dials nothing else, so the check holds on the address actually used, whatever DNS says later.
 */
final class PolicedDnsResolver implements DnsResolver {
  private final NetworkPolicy policy;
  private final HostResolver resolver;

  PolicedDnsResolver(NetworkPolicy policy, HostResolver resolver) {
    this.policy = policy;
    this.resolver = resolver;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    var all = resolver.resolve(host);
    var permitted = Arrays.stream(all).filter(policy::permits).toArray(InetAddress[]::new);
    if (permitted.length == 0) {
      throw new BlockedAddressException(host, all[0]);
    }
    return permitted;
  }

  @Override
  public String resolveCanonicalHostname(String host) throws UnknownHostException {
    return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
  }

  /** A host whose every address is one callbacks may not go to. */
  static final class BlockedAddressException extends UnknownHostException {
    BlockedAddressException(String host, InetAddress address) {
      super(
          host
              + " resolves to "
              + address.getHostAddress()
              + ", a non-public address callbacks may not go to");
    }
  }
}
