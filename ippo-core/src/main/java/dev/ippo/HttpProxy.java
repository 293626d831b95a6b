package dev.ippo;

import dev.ippo.internal.engine.ProxyRoute;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * An HTTP proxy that a client goes through to reach its server: the client connects to the
 * proxy, asks it for a tunnel with {@code CONNECT host:port} (with
 * {@code Proxy-Authorization: Basic} when credentials are given), and once the proxy answers
 * 2xx runs the WebSocket handshake, or for {@code wss://} TLS and then the handshake, through
 * the tunnel. So {@code wss://} stays encrypted end to end: the proxy sees the server's name
 * and port, never the traffic, and the server's certificate is checked against the server's
 * name, not the proxy's. The client does not look up the server's name itself; the proxy
 * does.
 *
 * <pre>{@code
 * WebSocketOptions options = WebSocketOptions.builder()
 *     .proxy(HttpProxy.of("http://proxy.example.com:3128").credentials("me", secret))
 *     .build();
 * WebSocket ws = new WebSocket(URI.create("wss://chat.example.com/"), options);
 * }</pre>
 *
 * <p>The credentials go to the proxy alone, in each CONNECT, never to the server. A proxy
 * that asks for them (407) or refuses them ends the attempt with an error event that says
 * so, then a close event with 1006, as any failed connect.
 *
 * <p>Only plain-HTTP proxies ({@code http://}) are supported: not TLS to the proxy itself
 * ({@code https://} proxies), nor SOCKS. Named {@code HttpProxy} rather than {@code Proxy} so
 * that it does not clash with {@link java.net.Proxy}.
 *
 * <p>Immutable; thread safe.
 */
public final class HttpProxy {
  private final String host;
  private final int port;
  private final String user;
  private final String password;

  private HttpProxy(String host, int port, String user, String password) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
  }

  /**
   * The proxy at {@code host:port}, without credentials.
   *
   * <pre>{@code
   * HttpProxy proxy = HttpProxy.of("proxy.example.com", 3128);
   * }</pre>
   *
   * @param host the proxy's name or address; an IPv6 address with or without brackets
   * @param port the proxy's port, 1 to 65535
   * @return the proxy
   * @throws IllegalArgumentException when the host is not a host name or address, or the
   *     port is out of range
   */
  public static HttpProxy of(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("a proxy's port is from 1 to 65535, not " + port);
    }
    String bare = host.startsWith("[") && host.endsWith("]")
        ? host.substring(1, host.length() - 1) : host;
    URI url;
    try {
      url = new URI("http", null, bare, port, null, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a proxy host: '" + host + "'");
    }
    // The URI takes "a/b" as host a and "u@b" as host b: only a host read whole is one.
    String parsed = url.getHost();
    if (parsed == null || !parsed.replace("[", "").replace("]", "").equalsIgnoreCase(bare)) {
      throw new IllegalArgumentException("not a proxy host: '" + host + "'");
    }
    return new HttpProxy(parsed, port, null, null);
  }

  /**
   * The proxy a URL names: {@code http://[user[:password]@]host[:port][/]}. Credentials in
   * the URL are percent-decoded ({@code %40} for {@code @}, {@code %3A} for {@code :}). The
   * port is 80 when the URL has none, as its {@code http} scheme says (curl takes 1080), so
   * write the port: proxies seldom listen on 80.
   *
   * <pre>{@code
   * HttpProxy proxy = HttpProxy.of(URI.create("http://me:secret@proxy.example.com:3128"));
   * }</pre>
   *
   * @param url the proxy's URL; its scheme must be {@code http}
   * @return the proxy, with the URL's credentials if it has any
   * @throws IllegalArgumentException for another scheme, no host, or a path, query or
   *     fragment
   */
  public static HttpProxy of(URI url) {
    Objects.requireNonNull(url, "url");
    String shown = shown(url.toString());
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http")) {
      throw new IllegalArgumentException("only http:// proxies are supported (CONNECT over"
          + " plain HTTP), not " + (scheme.isEmpty() ? "'" + shown + "'" : scheme + "://"));
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("no host in the proxy URL " + shown);
    }
    String path = url.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || url.getRawQuery() != null
        || url.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "a proxy URL is http://host:port, with no path, query or fragment: " + shown);
    }
    HttpProxy proxy = of(url.getHost(), url.getPort() == -1 ? 80 : url.getPort());
    String userInfo = url.getUserInfo();
    if (userInfo == null) {
      return proxy;
    }
    int colon = userInfo.indexOf(':');
    return colon < 0
        ? proxy.credentials(userInfo, "")
        : proxy.credentials(userInfo.substring(0, colon), userInfo.substring(colon + 1));
  }

  /**
   * The proxy a URL names, as {@link #of(URI)}; {@code host:port} alone is taken as
   * {@code http://host:port}, as curl and the {@code HTTP_PROXY} convention take it.
   *
   * <pre>{@code
   * HttpProxy proxy = HttpProxy.of("http://proxy.example.com:3128");
   * }</pre>
   *
   * @param url the proxy's URL
   * @return the proxy
   * @throws IllegalArgumentException when it is not an {@code http://} URL with a host; the
   *     message leaves out any password the URL holds
   */
  public static HttpProxy of(String url) {
    Objects.requireNonNull(url, "url");
    String full = url.contains("://") ? url : "http://" + url;
    try {
      return of(new URI(full));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a proxy URL: '" + shown(url) + "'");
    }
  }

  /**
   * This proxy with credentials, sent to it in {@code Proxy-Authorization: Basic} (RFC 7617,
   * in UTF-8) with every CONNECT, and to nobody else. Basic sends the password readable to
   * anyone who sees the traffic between the client and the proxy.
   *
   * @param user the user name, without {@code :}
   * @param password the password; may be empty
   * @return a proxy like this one, with these credentials
   * @throws IllegalArgumentException when the user name has a {@code :}
   */
  public HttpProxy credentials(String user, String password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (user.indexOf(':') >= 0) {
      throw new IllegalArgumentException("a Basic user name cannot hold ':'");
    }
    return new HttpProxy(host, port, user, password);
  }

  /**
   * The proxy's name or address.
   *
   * @return the host, an IPv6 address in brackets as in a URL
   */
  public String host() {
    return host;
  }

  /**
   * The proxy's port.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * The user name sent to the proxy.
   *
   * @return the user, or null when no credentials are given
   */
  public String user() {
    return user;
  }

  /** What the engine needs: where the proxy is and what goes in Proxy-Authorization. */
  ProxyRoute route() {
    String authorization = user == null ? null : "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new ProxyRoute(host, port, authorization);
  }

  /** A URL as it may be shown: any user-info is left out, as it may hold a password. */
  private static String shown(String url) {
    int at = url.lastIndexOf('@');
    if (at < 0) {
      return url;
    }
    int scheme = url.indexOf("://");
    return (scheme < 0 || scheme > at ? "" : url.substring(0, scheme + 3)) + "…@"
        + url.substring(at + 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpProxy p && host.equalsIgnoreCase(p.host) && port == p.port
        && Objects.equals(user, p.user) && Objects.equals(password, p.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host.toLowerCase(Locale.ROOT), port, user);
  }

  /**
   * The proxy as a URL, with the user name but never the password.
   *
   * @return for example {@code http://me@proxy.example.com:3128}
   */
  @Override
  public String toString() {
    return "http://" + (user == null ? "" : user + "@") + host + ":" + port;
  }
}
