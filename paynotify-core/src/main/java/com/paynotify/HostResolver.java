package com.paynotify;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves a host name to its addresses; a seam so tests can decide what a name resolves to. */
@FunctionalInterface
public interface HostResolver {
  /** The system's resolver (DNS and the hosts file). */
  HostResolver SYSTEM = InetAddress::getAllByName;

  /** Every address of the host, or an {@link UnknownHostException} when it has none. */
  InetAddress[] resolve(String host) throws UnknownHostException;
}
