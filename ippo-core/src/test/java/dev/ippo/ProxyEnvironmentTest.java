package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which proxy the environment names for a URL, read from a map and never from the process's
 * environment: the variable per scheme, lower case first, and NO_PROXY as curl reads it.
 */
class ProxyEnvironmentTest {
  private static final Map<String, String> BOTH = Map.of(
      "http_proxy", "http://plain:3128", "https_proxy", "http://secure:3129");

  private static HttpProxy choose(String url, Map<String, String> environment) {
    return WebSocketOptions.builder().proxyFromEnvironment(environment::get).build()
        .proxyFor(URI.create(url));
  }

  @Test
  void wssTakesHttpsProxyAndWsTakesHttpProxyAsHttpsAndHttpUrlsDo() {
    assertEquals(HttpProxy.of("secure", 3129), choose("wss://example.com/", BOTH));
    assertEquals(HttpProxy.of("secure", 3129), choose("https://example.com/", BOTH));
    assertEquals(HttpProxy.of("plain", 3128), choose("ws://example.com/", BOTH));
    assertEquals(HttpProxy.of("plain", 3128), choose("http://example.com/", BOTH));
    assertNull(choose("wss://example.com/", Map.of("http_proxy", "http://plain:3128")),
        "http_proxy is not for wss://");
  }

  @Test
  void lowerCaseWinsCapitalsServeWhenItIsUnsetOrEmptyAndNothingMeansNoProxy() {
    assertEquals(HttpProxy.of("lower", 1), choose("wss://example.com/",
        Map.of("https_proxy", "lower:1", "HTTPS_PROXY", "upper:2")));
    assertEquals(HttpProxy.of("upper", 2), choose("wss://example.com/",
        Map.of("https_proxy", "", "HTTPS_PROXY", "upper:2")));
    assertEquals(HttpProxy.of("upper", 2), choose("ws://example.com/",
        Map.of("HTTP_PROXY", "upper:2")));
    assertNull(choose("wss://example.com/", Map.of()));
    assertNull(choose("wss://example.com/", Map.of("https_proxy", "  ")));
  }

  @Test
  void capitalHttpProxyIsIgnoredInACgiProgramWhereARequestCouldHaveSetIt() {
    assertNull(choose("ws://example.com/",
        Map.of("HTTP_PROXY", "http://attacker:80", "REQUEST_METHOD", "GET")));
    assertEquals(HttpProxy.of("mine", 1), choose("ws://example.com/",
        Map.of("http_proxy", "mine:1", "REQUEST_METHOD", "GET")));
  }

  @Test
  void credentialsInTheVariableAreTheProxys() {
    HttpProxy proxy = choose("wss://example.com/", Map.of("https_proxy", "http://u:p@secure:1"));
    assertEquals("u", proxy.user());
    assertEquals("Basic dTpw", proxy.route().authorization());
  }

  @Test
  void aVariableThatIsNoHttpProxyUrlIsRefusedByNameAndWithoutItsPassword() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> choose("wss://example.com/", Map.of("HTTPS_PROXY", "socks5://u:secret@s:1")));
    assertTrue(e.getMessage().startsWith("HTTPS_PROXY: only http:// proxies"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void noProxyLowerCaseWinsAndAListedHostGoesDirect() {
    Map<String, String> env = Map.of("https_proxy", "secure:1", "no_proxy", "a.example",
        "NO_PROXY", "b.example");
    assertNull(choose("wss://a.example/", env));
    assertEquals(HttpProxy.of("secure", 1), choose("wss://b.example/", env));
    assertNull(choose("wss://b.example/", Map.of("https_proxy", "secure:1",
        "NO_PROXY", "b.example")));
  }

  @ParameterizedTest(name = "NO_PROXY=''{0}'' for {1}:{2} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "example.com                 | example.com      | 443  | true",
      "example.com                 | www.example.com  | 443  | true",
      ".example.com                | example.com      | 443  | true",
      ".example.com                | a.b.example.com  | 443  | true",
      "example.com                 | myexample.com    | 443  | false",
      "example.com                 | example.com.evil | 443  | false",
      "EXAMPLE.com                 | Example.COM      | 443  | true",
      "example.com.                | example.com      | 443  | true",
      "*                           | anything.at.all  | 1    | true",
      "'foo, *'                    | anything.at.all  | 1    | true",
      "*.example.com               | www.example.com  | 443  | false",
      "'a.test,  example.com b.c'  | example.com      | 443  | true",
      "'a.test b.test'             | example.com      | 443  | false",
      "example.com:8443            | example.com      | 8443 | true",
      "example.com:8443            | example.com      | 443  | false",
      "example.com:x               | example.com      | 443  | false",
      "127.0.0.1                   | 127.0.0.1        | 80   | true",
      "127.0.0.1                   | 127.0.0.10       | 80   | false",
      "::1                         | [::1]            | 80   | true",
      "[::1]                       | [::1]            | 80   | true",
      "[::1]:8080                  | [::1]            | 8080 | true",
      "[::1]:8080                  | [::1]            | 80   | false",
      "''                          | example.com      | 443  | false",
      "localhost                   | 127.0.0.1        | 80   | false",
  })
  void noProxyMatchesHostsAndTheNamesUnderThemAsCurlDoes(String noProxy, String host, int port,
      boolean bypassed) {
    assertEquals(bypassed, ProxyEnvironment.bypasses(noProxy, host, port));
  }

  @Test
  void loopbackIsProxiedUnlessListedAsCurlDoes() {
    Map<String, String> env = Map.of("http_proxy", "plain:1");
    assertEquals(HttpProxy.of("plain", 1), choose("ws://localhost:8080/", env));
    assertEquals(HttpProxy.of("plain", 1), choose("ws://127.0.0.1:8080/", env));
    assertNull(choose("ws://localhost:8080/",
        Map.of("http_proxy", "plain:1", "no_proxy", "localhost")));
  }

  @Test
  void theUrlsOwnDefaultPortIsWhatAPortInNoProxyIsComparedWith() {
    Map<String, String> env = Map.of("https_proxy", "secure:1", "no_proxy", "example.com:443");
    assertNull(choose("wss://example.com/", env));
    assertEquals(HttpProxy.of("secure", 1), choose("wss://example.com:8443/", env));
  }
}
