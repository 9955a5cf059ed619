package com.paynotify;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves a host name to its addresses; a seam so tests can decide what a name resolves to. */
@FunctionalInterface
public interface HostResolver {
  HostResolver SYSTEM = InetAddress::getAllByName;

  InetAddress[] resolve(String host) throws UnknownHostException;
}
