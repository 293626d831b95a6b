package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client through an HTTP proxy on sockets: a CONNECT proxy written for the tests
 * ({@link ConnectProxy}) carries ws:// and wss:// sessions to an Ippo server, and every way
 * the proxy can say no arrives as one error event that says which, then close 1006.
 *
 * <p>The server is reached by a name only the proxy knows ({@value #TARGET}), so a client
 * that looked the name up itself, or went around the proxy, fails.
 */
class ThroughProxyTest {
  /** A name no DNS resolves (RFC 6761); the proxy maps it to 127.0.0.1. */
  private static final String TARGET = "ippo-target.invalid";

  @TempDir
  static Path folder;
  private static TestCertificates.Pair targetCertificate;

  private WebSocketServer server;
  private ConnectProxy proxy;
  private final AtomicInteger connections = new AtomicInteger();

  @BeforeAll
  static void certificates() throws Exception {
    targetCertificate = TestCertificates.make(folder, "target", true, TARGET);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  /** Serves the echo on 127.0.0.1, or on the host the builder names. */
  private void serve(WebSocketServer.Builder builder) throws Exception {
    server = builder.build();
    server.onConnection((ws, request) -> {
      connections.incrementAndGet();
      EchoFixture.ECHO.onConnection(ws, request);
    });
    server.start();
  }

  private static EchoAttempt talk(String url, WebSocketOptions options) throws Exception {
    return EchoAttempt.of(url, options, "through the tunnel");
  }

  private static WebSocketOptions via(HttpProxy proxy) {
    return WebSocketOptions.builder().proxy(proxy).build();
  }

  private static void assertFailed(EchoAttempt o, String error) {
    assertEquals(error, o.error());
    assertNull(o.echo());
    assertEquals(CloseCode.ABNORMAL, o.close().code());
    assertFalse(o.close().wasClean());
  }

  @Test
  void carriesAWsSessionToAServerOnlyTheProxyCanResolve() throws Exception {
    serve(WebSocketServer.builder().host("127.0.0.1"));
    proxy = ConnectProxy.open().alias(TARGET, "127.0.0.1");
    EchoAttempt o = talk("ws://" + TARGET + ":" + server.port() + "/chat",
        via(HttpProxy.of(proxy.url())));
    assertEquals("through the tunnel", o.echo(), o.error());
    assertEquals(1000, o.close().code());
    assertTrue(o.close().wasClean());
    assertEquals(List.of("CONNECT " + TARGET + ":" + server.port() + " HTTP/1.1"),
        proxy.requests());
    assertEquals(List.of(""), proxy.authorizations(), "no credentials were given");
    assertEquals(proxy.port(), o.peerPort(), "the peer a client knows is the proxy");
  }

  @Test
  void carriesAWssSessionWithTlsToTheServerInsideTheTunnel() throws Exception {
    serve(WebSocketServer.builder().host("127.0.0.1")
        .tls(ServerTls.fromPem(targetCertificate.certificate(), targetCertificate.key())));
    proxy = ConnectProxy.open().alias(TARGET, "127.0.0.1");
    // Trusts the server's certificate, which names the server alone: the name checked is the
    // URL's, not the proxy's.
    EchoAttempt o = talk("wss://" + TARGET + ":" + server.port() + "/",
        WebSocketOptions.builder().proxy(HttpProxy.of(proxy.url()))
            .sslContext(TestCertificates.trusting(targetCertificate.certificate())).build());
    assertEquals("through the tunnel", o.echo(), o.error());
    assertTrue(o.close().wasClean());
    assertEquals(List.of("CONNECT " + TARGET + ":" + server.port() + " HTTP/1.1"),
        proxy.requests());
  }

  @Test
  void asksForAnIpv6ServerInBrackets() throws Exception {
    try {
      serve(WebSocketServer.builder().host("::1"));
    } catch (IOException noIpv6) {
      assumeTrue(false, "no IPv6 loopback: " + noIpv6);
    }
    proxy = ConnectProxy.open();
    EchoAttempt o = talk("ws://[::1]:" + server.port() + "/", via(HttpProxy.of(proxy.url())));
    assertEquals("through the tunnel", o.echo(), o.error());
    assertEquals(List.of("CONNECT [::1]:" + server.port() + " HTTP/1.1"), proxy.requests());
  }

  @Test
  void aWssServerWhoseCertificateIsNotForTheUrlsNameIsRefusedThroughTheTunnel()
      throws Exception {
    TestCertificates.Pair other = TestCertificates.make(folder, "other", true, "other.example");
    serve(WebSocketServer.builder().host("127.0.0.1")
        .tls(ServerTls.fromPem(other.certificate(), other.key())));
    proxy = ConnectProxy.open().alias(TARGET, "127.0.0.1");
    EchoAttempt o = talk("wss://" + TARGET + ":" + server.port() + "/",
        WebSocketOptions.builder().proxy(HttpProxy.of(proxy.url()))
            .sslContext(TestCertificates.trusting(other.certificate())).build());
    assertNull(o.echo());
    assertTrue(o.error().startsWith("the TLS handshake with " + TARGET + " failed"), o.error());
    assertEquals(CloseCode.ABNORMAL, o.close().code());
  }

  @Test
  void credentialsFromTheProxyUrlGoToTheProxyAndNotToTheServer() throws Exception {
    serve(WebSocketServer.builder().host("127.0.0.1"));
    CompletableFuture<String> serverSaw = new CompletableFuture<>();
    server.onConnection((ws, request) -> {
      serverSaw.complete(String.valueOf(request.header("Proxy-Authorization")));
      EchoFixture.ECHO.onConnection(ws, request);
    });
    proxy = ConnectProxy.withCredentials("user", "p@ss:word");
    EchoAttempt o = talk("ws://127.0.0.1:" + server.port() + "/",
        via(HttpProxy.of("http://user:p%40ss:word@127.0.0.1:" + proxy.port())));
    assertEquals("through the tunnel", o.echo(), o.error());
    assertEquals(List.of("Basic dXNlcjpwQHNzOndvcmQ="), proxy.authorizations());
    assertEquals("null", serverSaw.get(5, TimeUnit.SECONDS));
  }

  @Test
  void aWrongPasswordIsAClearErrorThenClose1006AndTheServerIsNeverReached() throws Exception {
    serve(WebSocketServer.builder().host("127.0.0.1"));
    proxy = ConnectProxy.withCredentials("user", "right");
    EchoAttempt o = talk("ws://127.0.0.1:" + server.port() + "/",
        via(HttpProxy.of(proxy.url()).credentials("user", "wrong")));
    assertFailed(o, "the proxy 127.0.0.1:" + proxy.port() + " refused the credentials given"
        + " for it (HTTP 407 Proxy Authentication Required; it asks for Basic realm=\"tests\")");
    assertEquals(1, proxy.requests().size());
    assertEquals(0, connections.get());
  }

  @Test
  void noCredentialsForAProxyThatWantsThemSaysItAsksForThem() throws Exception {
    serve(WebSocketServer.builder().host("127.0.0.1"));
    proxy = ConnectProxy.withCredentials("user", "right");
    EchoAttempt o = talk("ws://127.0.0.1:" + server.port() + "/", via(HttpProxy.of(proxy.url())));
    assertFailed(o, "the proxy 127.0.0.1:" + proxy.port() + " asks for credentials, and none"
        + " were given (HTTP 407 Proxy Authentication Required; it asks for Basic"
        + " realm=\"tests\")");
  }

  @Test
  void aTargetTheProxyCannotReachIsItsRefusalWithTheStatus() throws Exception {
    int closedPort = freePort();
    proxy = ConnectProxy.open();
    EchoAttempt o = talk("ws://127.0.0.1:" + closedPort + "/", via(HttpProxy.of(proxy.url())));
    assertFailed(o, "the proxy 127.0.0.1:" + proxy.port() + " refused CONNECT to 127.0.0.1:"
        + closedPort + ": HTTP 502 Bad Gateway");
  }

  @Test
  void aProxyOutOfReachIsNamedAsTheProxy() throws Exception {
    int closedPort = freePort();
    EchoAttempt o = talk("ws://" + TARGET + ":80/",
        via(HttpProxy.of("127.0.0.1", closedPort)));
    assertTrue(o.error().startsWith("cannot connect to proxy 127.0.0.1:" + closedPort + ": "),
        o.error());
    assertEquals(CloseCode.ABNORMAL, o.close().code());
  }

  @Test
  void theHandshakeTimeoutCoversAProxyThatNeverAnswers() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
        try {
          return silent.accept();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      EchoAttempt o = talk("ws://" + TARGET + "/", WebSocketOptions.builder()
          .proxy(HttpProxy.of("127.0.0.1", silent.getLocalPort()))
          .handshakeTimeout(Duration.ofMillis(300)).build());
      assertFailed(o, "the opening handshake (through the proxy 127.0.0.1:"
          + silent.getLocalPort() + ") timed out after 300 ms");
      accepted.get(5, TimeUnit.SECONDS).close();
    }
  }

  @Test
  void theEnvironmentsProxyIsUsedWhenAskedForAndNoProxyListsGoAroundIt() throws Exception {
    serve(WebSocketServer.builder().host("127.0.0.1"));
    proxy = ConnectProxy.open();
    String url = "ws://127.0.0.1:" + server.port() + "/";
    EchoAttempt o = talk(url, WebSocketOptions.builder()
        .proxyFromEnvironment(Map.of("http_proxy", proxy.url())::get).build());
    assertEquals("through the tunnel", o.echo(), o.error());
    assertEquals(1, proxy.requests().size());

    o = talk(url, WebSocketOptions.builder().proxyFromEnvironment(
        Map.of("http_proxy", proxy.url(), "no_proxy", "localhost,127.0.0.1")::get).build());
    assertEquals("through the tunnel", o.echo(), o.error());
    assertEquals(1, proxy.requests().size(), "127.0.0.1 is listed: no CONNECT for it");
    assertEquals(2, connections.get());
  }

  private static int freePort() throws Exception {
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return free.getLocalPort();
    }
  }
}
