package dev.ippo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.CloseCode;
import dev.ippo.ConnectProxy;
import dev.ippo.EchoFixture;
import dev.ippo.WebSocketServer;
import java.io.ByteArrayInputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@code ippo connect}'s command line: its usage, its errors, its options reaching the client. */
class ConnectCommandTest {
  private final CapturedOutput out = new CapturedOutput();
  private final CapturedOutput err = new CapturedOutput();

  private int main(String... args) {
    return assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> Main.run(List.of(args), out.stream(), err.stream()));
  }

  /** Runs the command as Main does, with {@code input} as its standard input. */
  private int connect(String input, String... args) throws Exception {
    return connectWith(name -> null, input, args);
  }

  /** As {@link #connect}, with {@code environment} as the process's environment. */
  private int connectWith(Function<String, String> environment, String input, String... args)
      throws Exception {
    ConnectCommand command = new ConnectCommand(
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), environment);
    ParsedOptions options = OptionParser.parse(command.options(), List.of(args));
    return assertTimeoutPreemptively(Duration.ofSeconds(15),
        () -> command.run(options, out.stream(), err.stream()));
  }

  @Test
  void helpListsTheCommandWithItsUrl() {
    assertEquals(0, main("help"));
    String usage = String.join("\n", out.remainingLines());
    assertTrue(usage.contains("ippo connect <url> [--protocol P] [--header 'K: V'] "
        + "[--execute MSG] [--wait S] [--binary-dir DIR]"), usage);
  }

  @Test
  void missingUrlIsAUsageError() throws Exception {
    assertEquals(2, main("connect"));
    assertEquals("ippo connect: no URL given: ippo connect ws://host:port/", err.nextLine());
    assertTrue(err.nextLine().startsWith("usage: ippo connect <url>"));
    assertEquals(List.of(), out.remainingLines());
  }

  @Test
  void urlThatIsNotAWebSocketUrlIsAUsageError() throws Exception {
    assertEquals(2, main("connect", "ftp://example.com/"));
    assertEquals("ippo connect: not a WebSocket URL (ws:// or wss://): ftp://example.com/",
        err.nextLine());
    err.remainingLines();
    assertEquals(2, main("connect", "ws://bad host/"));
    assertTrue(err.nextLine().startsWith("ippo connect: not a URL: 'ws://bad host/'"));
    err.remainingLines();
    assertEquals(2, main("connect", "ws://a/", "ws://b/"));
    assertEquals("ippo connect: unexpected argument 'ws://b/'", err.nextLine());
  }

  @Test
  void badOptionValuesAreUsageErrors() throws Exception {
    assertEquals(2, main("connect", "ws://127.0.0.1:1/", "--header", "no colon"));
    assertEquals("ippo connect: --header needs 'Name: value', not 'no colon'", err.nextLine());
    err.remainingLines();
    assertEquals(2, main("connect", "ws://127.0.0.1:1/", "--header", "Bad Name: x"));
    assertEquals("ippo connect: --header needs 'Name: value', not 'Bad Name: x'",
        err.nextLine());
    err.remainingLines();
    assertEquals(2, main("connect", "ws://127.0.0.1:1/", "--execute", "x", "--wait", "soon"));
    assertEquals("ippo connect: --wait needs a number of seconds from 0 to 86400, not 'soon'",
        err.nextLine());
    err.remainingLines();
    assertEquals(2, main("connect", "ws://127.0.0.1:1/", "--wait", "1"));
    assertEquals("ippo connect: --wait goes with --execute", err.nextLine());
  }

  @Test
  void repeatedOptionsAllReachTheServer() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).build();
    server.onConnection((ws, request) -> {
      seen.add(request.header("Sec-WebSocket-Protocol"));
      seen.add(request.header("X-One") + "," + request.header("X-Two"));
      ws.onMessage(e -> ws.send(e.text()));
    });
    server.start();
    try {
      String url = "ws://127.0.0.1:" + server.port() + "/";
      assertEquals(0, connect("", url, "--protocol", "a", "--protocol", "b",
          "--header", "X-One: 1", "--header=X-Two:2", "--execute", "first",
          "--execute=second", "--wait", "0.5"));
      assertEquals(List.of("connected to " + url + " (protocol a)", "< first", "< second"),
          out.remainingLines());
      assertEquals(List.of("a, b", "1,2"), seen);
    } finally {
      server.close();
    }
  }

  @Test
  void cannotConnectIsStatus1WithOneLine() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = free.getLocalPort();
    }
    assertEquals(1, connect("", "ws://127.0.0.1:" + port + "/"));
    List<String> errors = err.remainingLines();
    assertEquals(1, errors.size(), errors::toString);
    assertTrue(errors.get(0).startsWith("ippo connect: cannot connect to 127.0.0.1"),
        errors::toString);
  }

  @Test
  void reconnectComesBackAfterTheServerRestartsItsServiceAndSaysSo() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0).build();
    server.onConnection((ws, request) -> {
      if (connections.incrementAndGet() == 1) {
        ws.close(CloseCode.SERVICE_RESTART, "restart");
      } else {
        EchoFixture.ECHO.onConnection(ws, request);
      }
    });
    server.start();
    ExecutorService session = Executors.newSingleThreadExecutor();
    try (PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(typing)) {
      String url = "ws://127.0.0.1:" + server.port() + "/";
      ConnectCommand command = new ConnectCommand(stdin);
      ParsedOptions options = OptionParser.parse(command.options(), List.of(url, "--reconnect"));
      Future<Integer> status =
          session.submit(() -> command.run(options, out.stream(), err.stream()));
      assertEquals("connected to " + url, out.nextLine());
      assertEquals("closed 1012 restart", out.nextLine());
      String waiting = out.nextLine();
      // The default back-off: 1 s, spread by half either way.
      assertTrue(waiting.matches("reconnecting in (0\\.[5-9]|1\\.[0-5]) s \\(attempt 1\\)"),
          waiting);
      assertEquals("reconnected to " + url, out.nextLine());
      typing.write("after the restart\n".getBytes(StandardCharsets.UTF_8));
      typing.flush();
      assertEquals("< after the restart", out.nextLine());
      typing.close(); // the end of input ends the session with 1000
      assertEquals(0, status.get(15, TimeUnit.SECONDS));
      assertEquals(List.of(), out.remainingLines());
      assertEquals(List.of(), err.remainingLines());
      assertEquals(2, connections.get());
    } finally {
      session.shutdownNow();
      server.close();
    }
  }

  @Test
  void proxyCarriesTheSessionAndTheFirstLineSaysThroughWhichProxy() throws Exception {
    WebSocketServer server = EchoFixture.start(WebSocketServer.builder().host("127.0.0.1"));
    try (ConnectProxy proxy = ConnectProxy.open()) {
      String url = "ws://127.0.0.1:" + server.port() + "/";
      assertEquals(0, connect("", url, "--proxy", proxy.url(), "--execute", "via proxy",
          "--wait", "0.5"));
      assertEquals(List.of("connected to " + url + " through the proxy " + proxy.url(),
          "< via proxy"), out.remainingLines());
      assertEquals(List.of("CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1"),
          proxy.requests());
    } finally {
      server.close();
    }
  }

  @Test
  void reconnectIsInTheUsage() {
    assertEquals(0, main("connect", "--help"));
    List<String> usage = out.remainingLines();
    assertTrue(usage.get(0).contains("[--reconnect]"), usage::toString);
    assertTrue(usage.stream().anyMatch(line -> line.matches(
        "  --reconnect +when the connection drops or cannot be made, connect again .*")),
        usage::toString);
  }

  @Test
  void aWrongProxyPasswordIsStatus1WithTheProxysRefusal() throws Exception {
    try (ConnectProxy proxy = ConnectProxy.withCredentials("user", "right")) {
      assertEquals(1, connect("", "ws://127.0.0.1:1/", "--proxy",
          "http://user:wrong@127.0.0.1:" + proxy.port()));
      assertEquals(List.of("ippo connect: the proxy 127.0.0.1:" + proxy.port() + " refused the"
          + " credentials given for it (HTTP 407 Proxy Authentication Required; it asks for"
          + " Basic realm=\"tests\")"), err.remainingLines());
    }
  }

  @Test
  void aProxyThatIsNoHttpProxyUrlIsAUsageErrorThatHidesThePassword() throws Exception {
    assertEquals(2, main("connect", "ws://127.0.0.1:1/", "--proxy", "https://me:secret@p:1"));
    assertEquals("ippo connect: --proxy: only http:// proxies are supported (CONNECT over"
        + " plain HTTP), not https://", err.nextLine());
    err.remainingLines();
    assertEquals(2, main("connect", "ws://127.0.0.1:1/", "--proxy", "http://p:1",
        "--proxy-from-env"));
    assertEquals("ippo connect: --proxy and --proxy-from-env do not go together",
        err.nextLine());
    err.remainingLines();
    assertEquals(0, main("connect", "--help"));
    String help = String.join("\n", out.remainingLines());
    assertTrue(help.contains("--proxy URL") && help.contains("--proxy-from-env"), help);
  }

  @Test
  void theEnvironmentsProxyIsTakenWithProxyFromEnvOnly() throws Exception {
    WebSocketServer server = EchoFixture.start(WebSocketServer.builder().host("127.0.0.1"));
    try (ConnectProxy proxy = ConnectProxy.open()) {
      Map<String, String> environment = Map.of("http_proxy", proxy.url());
      String url = "ws://127.0.0.1:" + server.port() + "/";
      assertEquals(0, connectWith(environment::get, "", url, "--execute", "direct",
          "--wait", "0.2"));
      assertEquals(List.of(), proxy.requests(), "the environment is not read unasked");
      assertEquals(0, connectWith(environment::get, "", url, "--proxy-from-env",
          "--execute", "proxied", "--wait", "0.2"));
      assertEquals(1, proxy.requests().size());
      assertEquals(List.of("connected to " + url, "< direct",
          "connected to " + url + " through the proxy " + proxy.url(), "< proxied"),
          out.remainingLines());
    } finally {
      server.close();
    }
  }
}
