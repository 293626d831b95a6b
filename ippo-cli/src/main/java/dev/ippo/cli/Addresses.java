package dev.ippo.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Writes addresses the way people type them: {@code 127.0.0.1:8080}, {@code [::1]:8080}.
 *
 * <p>Stateless; thread safe.
 */
final class Addresses {
  private Addresses() {}

  /** {@code host:port} with the numeric host, IPv6 in brackets; "unknown" for null. */
  static String format(InetSocketAddress address) {
    if (address == null) {
      return "unknown";
    }
    InetAddress ip = address.getAddress();
    String host = ip == null ? address.getHostString() : ip.getHostAddress();
    return bracketed(host) + ":" + address.getPort();
  }

  /**
   * The URL a client on this machine can use to reach a server bound to {@code host}
   * (null: every interface). A wildcard becomes a loopback name, since nobody can connect
   * to 0.0.0.0 from a browser.
   */
  static String url(String host, int port) {
    String reachable;
    if (host == null || host.isEmpty() || host.equals("::") || host.equals("[::]")) {
      // Bound on IPv6 and IPv4 both: whichever address localhost resolves to answers.
      reachable = "localhost";
    } else if (host.equals("0.0.0.0")) {
      // IPv4 only: localhost may resolve to ::1 first, where nothing listens.
      reachable = "127.0.0.1";
    } else {
      reachable = bracketed(host);
    }
    return "ws://" + reachable + ":" + port + "/";
  }

  private static String bracketed(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
