package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HttpProxy} as a value: what its URL forms mean, and what they refuse. */
class HttpProxyTest {

  @Test
  void aUrlGivesHostPortAndPercentDecodedCredentialsSentAsBasic() {
    HttpProxy proxy = HttpProxy.of("http://me:p%40ss%3Aw@Proxy.Example:3128/");
    assertEquals("Proxy.Example", proxy.host());
    assertEquals(3128, proxy.port());
    assertEquals("me", proxy.user());
    // base64("me:p@ss:w")
    assertEquals("Basic bWU6cEBzczp3", proxy.route().authorization());
    assertEquals("Proxy.Example:3128", proxy.route().address());
  }

  @Test
  void hostAndPortAloneAreAnHttpProxyAndThePortIs80WhenTheUrlHasNone() {
    assertEquals(HttpProxy.of("proxy", 3128), HttpProxy.of("proxy:3128"));
    assertEquals(80, HttpProxy.of("http://proxy").port());
    assertNull(HttpProxy.of("http://proxy").route().authorization());
  }

  @Test
  void anIpv6ProxyIsBracketedAsInAUrlWhicheverWayItIsGiven() {
    assertEquals("[::1]", HttpProxy.of("::1", 8080).host());
    assertEquals("[::1]", HttpProxy.of("[::1]", 8080).host());
    assertEquals("[::1]:8080", HttpProxy.of("http://[::1]:8080").route().address());
  }

  @Test
  void credentialsReplaceTheUrlsAndUtf8IsHowTheyAreSent() {
    HttpProxy proxy = HttpProxy.of("http://a:b@proxy:1").credentials("é", "ü");
    assertEquals("é", proxy.user());
    assertEquals("Basic w6k6w7w=", proxy.route().authorization()); // UTF-8, RFC 7617
    assertEquals("Basic dTo=", HttpProxy.of("http://u@proxy:1").route().authorization(),
        "a user without a password has an empty one");
    assertThrows(IllegalArgumentException.class,
        () -> HttpProxy.of("proxy", 1).credentials("a:b", "c"));
  }

  @Test
  void thePasswordIsShownNowhere() {
    HttpProxy proxy = HttpProxy.of("http://me:secret@proxy:3128");
    assertEquals("http://me@proxy:3128", proxy.toString());
    assertFalse(proxy.route().toString().contains(proxy.route().authorization()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HttpProxy.of("https://me:secret@proxy:3128"));
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> HttpProxy.of("http://me:secret@proxy:3128/path"));
    assertEquals("a proxy URL is http://host:port, with no path, query or fragment:"
        + " http://…@proxy:3128/path", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://proxy:443", "socks5://proxy:1080", "http://proxy:3128/x",
      "http://proxy:3128?q", "http://proxy:3128#f", "http://:3128", "http://pro xy:1",
      "http://proxy:0"})
  void whatIsNotAPlainHttpProxyUrlIsRefused(String url) {
    assertThrows(IllegalArgumentException.class, () -> HttpProxy.of(url));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b", "user@b", "pro xy", "", "a:b", "[::1", "host:3128"})
  void aHostThatIsNotOneWholeIsRefused(String host) {
    assertThrows(IllegalArgumentException.class, () -> HttpProxy.of(host, 3128));
  }

  @Test
  void onlyHttpIsSupportedAndTheMessageSaysSo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HttpProxy.of(URI.create("socks5://proxy:1080")));
    assertEquals("only http:// proxies are supported (CONNECT over plain HTTP), not socks5://",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> HttpProxy.of("proxy", 65536));
    assertTrue(HttpProxy.of("proxy", 65535).port() == 65535);
  }

  @Test
  void optionsHaveNoProxyUnlessAskedAndTheLastProxyChoiceWins() {
    URI url = URI.create("wss://example.com/");
    assertNull(WebSocketOptions.DEFAULTS.proxyFor(url), "no proxy by default");
    HttpProxy proxy = HttpProxy.of("proxy", 3128);
    assertEquals(proxy, WebSocketOptions.builder().proxy(proxy).build().proxyFor(url));
    assertNull(WebSocketOptions.builder().proxy(proxy)
        .proxyFromEnvironment(name -> null).build().proxyFor(url));
    assertEquals(proxy, WebSocketOptions.builder()
        .proxyFromEnvironment(name -> "http://elsewhere:1").proxy(proxy).build().proxyFor(url));
  }
}
