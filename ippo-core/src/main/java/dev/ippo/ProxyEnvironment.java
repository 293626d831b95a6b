package dev.ippo;

import java.net.URI;
import java.util.Locale;
import java.util.function.Function;

/**
 * The proxy that the environment names for a URL, read as curl reads it: {@code https_proxy}
 * (or {@code HTTPS_PROXY}) for {@code wss://}, {@code http_proxy} (or {@code HTTP_PROXY})
 * for {@code ws://}, the lower-case name first, an empty value as none; and none at all for
 * a host that {@code no_proxy} (or {@code NO_PROXY}) lists.
 *
 * <p>{@code NO_PROXY} is a list of host names separated by commas or spaces: an entry
 * matches that host and every name under it ({@code example.com} and {@code .example.com}
 * both match {@code example.com} and {@code www.example.com}, not {@code myexample.com}),
 * case aside; {@code *} alone matches every host; an IP address matches itself. Beyond
 * curl, an entry may end in {@code :port} to match that port alone (as Go's reading does).
 * As in curl, and unlike Go, {@code localhost} and loopback addresses are not special: they
 * go through the proxy unless listed, so that what the environment says is what happens.
 * CIDR ranges are not read.
 *
 * <p>{@code HTTP_PROXY} in capitals is ignored when {@code REQUEST_METHOD} is set: a CGI
 * program gets a request's {@code Proxy:} header as {@code HTTP_PROXY} ("httpoxy"), so
 * anyone could choose its proxy. (curl ignores {@code HTTP_PROXY} always; Go as here.)
 *
 * <p>{@code ALL_PROXY}, which curl falls back on, is not read: it often names a SOCKS proxy,
 * which Ippo does not speak, and a client that stopped connecting because of it would
 * surprise more than one that goes direct. Nor are Java's {@code https.proxyHost} and
 * {@code http.proxyHost} system properties.
 *
 * <p>Thread safe: no state.
 */
final class ProxyEnvironment {
  private ProxyEnvironment() {}

  /**
   * The proxy for {@code url} that {@code environment} names, or null to connect directly.
   *
   * @throws IllegalArgumentException when the variable that applies is not an http:// proxy
   *     URL; the message names the variable
   */
  static HttpProxy choose(URI url, Function<String, String> environment) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    boolean secure = scheme.equals("wss") || scheme.equals("https");
    if ((!secure && !scheme.equals("ws") && !scheme.equals("http")) || url.getHost() == null) {
      return null; // not a WebSocket URL: the connect refuses it, with its own message
    }
    String variable = secure ? "https_proxy" : "http_proxy";
    String value = environment.apply(variable);
    if (isEmpty(value) && (secure || isEmpty(environment.apply("REQUEST_METHOD")))) {
      variable = variable.toUpperCase(Locale.ROOT);
      value = environment.apply(variable);
    }
    if (isEmpty(value)) {
      return null;
    }
    String noProxy = environment.apply("no_proxy");
    if (noProxy == null) {
      noProxy = environment.apply("NO_PROXY");
    }
    int port = url.getPort() != -1 ? url.getPort() : secure ? 443 : 80;
    if (noProxy != null && bypasses(noProxy, url.getHost(), port)) {
      return null;
    }
    try {
      return HttpProxy.of(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(variable + ": " + e.getMessage(), e);
    }
  }

  /** Whether the {@code NO_PROXY} list {@code noProxy} names {@code host} on {@code port}. */
  static boolean bypasses(String noProxy, String host, int port) {
    String name = bare(host.toLowerCase(Locale.ROOT));
    for (String entry : noProxy.split("[,\\s]+")) {
      if (entry.equals("*")) {
        return true;
      }
      if (!entry.isEmpty() && matches(entry.toLowerCase(Locale.ROOT), name, port)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String entry, String host, int port) {
    String listed = entry;
    int wantedPort = -1;
    // A port follows the last colon, but a bare IPv6 address is all colons: only one colon,
    // or one after a closing bracket, starts a port.
    int colon = entry.lastIndexOf(':');
    boolean bracketed = entry.startsWith("[");
    if (colon > 0 && (bracketed ? entry.charAt(colon - 1) == ']' : entry.indexOf(':') == colon)) {
      try {
        wantedPort = Integer.parseInt(entry.substring(colon + 1));
      } catch (NumberFormatException e) {
        return false; // an entry that names no port is no entry
      }
      listed = entry.substring(0, colon);
    }
    listed = bare(listed);
    if (listed.startsWith(".")) {
      listed = listed.substring(1);
    }
    if (listed.isEmpty() || (wantedPort != -1 && wantedPort != port)) {
      return false;
    }
    return host.equals(listed) || host.endsWith("." + listed);
  }

  /** A host without IPv6 brackets or a final dot, as names are compared. */
  private static String bare(String host) {
    String h = host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1) : host;
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  private static boolean isEmpty(String value) {
    return value == null || value.isBlank();
  }
}
