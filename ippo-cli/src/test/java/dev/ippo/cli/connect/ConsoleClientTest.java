package dev.ippo.cli.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.EchoFixture;
import dev.ippo.WebSocketServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ippo connect}'s client run in-process against Ippo servers on 127.0.0.1. */
class ConsoleClientTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private WebSocketServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  /** Starts a server on a free port; {@code setUp} sets its handlers. */
  private URI serve(Consumer<WebSocketServer.Builder> options, Consumer<WebSocketServer> setUp)
      throws Exception {
    WebSocketServer.Builder builder = WebSocketServer.builder().host("127.0.0.1").port(0);
    options.accept(builder);
    server = builder.build();
    setUp.accept(server);
    server.start();
    return URI.create("ws://127.0.0.1:" + server.port() + "/");
  }

  private URI echoServer() throws Exception {
    return serve(b -> {}, s -> s.onConnection(EchoFixture.ECHO));
  }

  private int run(ConnectSettings settings, InputStream in) {
    return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> new ConsoleClient(settings,
        in, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).run());
  }

  private int run(ConnectSettings settings, String input) {
    return run(settings, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
  }

  private List<String> outLines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private List<String> errLines() {
    return err.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static ConnectSettings executing(URI url, Duration wait, String... messages) {
    return new ConnectSettings(url, List.of(), List.of(), List.of(messages), wait, null);
  }

  @Test
  void linesFromAPipeComeBackFromAnEchoServer() throws Exception {
    URI url = echoServer();
    assertEquals(0, run(ConnectSettings.of(url), "hello\nこんにちは\n\nlast\n"));
    assertEquals(List.of("connected to " + url, "< hello", "< こんにちは", "< ", "< last"),
        outLines());
    assertEquals(List.of(), errLines());
  }

  @Test
  void manyPipedLinesAllComeBackBeforeTheClose() throws Exception {
    URI url = echoServer();
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      input.append("line ").append(i).append('\n');
    }
    assertEquals(0, run(ConnectSettings.of(url), input.toString()));
    List<String> lines = outLines();
    assertEquals(501, lines.size(), () -> "got " + lines);
    assertEquals("< line 499", lines.get(500));
  }

  @Test
  void executeSendsPrintsRepliesAndClosesNormally() throws Exception {
    URI url = echoServer();
    assertEquals(0, run(executing(url, Duration.ofSeconds(1), "one", "two"), ""));
    assertEquals(List.of("connected to " + url, "< one", "< two"), outLines());
    assertEquals(List.of(), errLines());
  }

  @Test
  void executeEndsAsSoonAsTheServerClosesNormally() throws Exception {
    URI url = serve(b -> {}, s -> s.onConnection((ws, request) -> ws.onMessage(e -> {
      ws.send("got " + e.text());
      ws.close(1000, "done");
    })));
    long start = System.nanoTime();
    assertEquals(0, run(executing(url, Duration.ofSeconds(30), "x"), ""));
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos());
    assertEquals(List.of("connected to " + url, "< got x", "closed 1000 done"), outLines());
  }

  @Test
  void binaryMessagesShowTheirSizeAndFirstBytes() throws Exception {
    byte[] twenty = new byte[20];
    for (int i = 0; i < twenty.length; i++) {
      twenty[i] = (byte) (i * 17);
    }
    URI url = serve(b -> {}, s -> s.onConnection((ws, request) -> {
      ws.send(twenty);
      ws.send(new byte[] {(byte) 0xff, 0x0a});
      ws.send(new byte[0]);
    }));
    assertEquals(0, run(ConnectSettings.of(url), ""));
    assertEquals(List.of("connected to " + url,
        "< [binary 20 bytes] 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff ...",
        "< [binary 2 bytes] ff 0a",
        "< [binary 0 bytes]"), outLines());
  }

  @Test
  void binaryMessagesGoToNumberedFilesWithABinaryDir(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("received");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("binary-1.bin"), "from an earlier run");
    URI url = serve(b -> {}, s -> s.onConnection((ws, request) -> {
      ws.send(new byte[] {1, 2, 3});
      ws.send("text stays on the screen");
      ws.send(new byte[] {4});
    }));
    ConnectSettings settings =
        new ConnectSettings(url, List.of(), List.of(), List.of(), Duration.ZERO, dir);
    assertEquals(0, run(settings, ""));
    assertEquals(List.of("connected to " + url,
        "< [binary 3 bytes] saved to " + dir.resolve("binary-2.bin"),
        "< text stays on the screen",
        "< [binary 1 bytes] saved to " + dir.resolve("binary-3.bin")), outLines());
    assertEquals("from an earlier run", Files.readString(dir.resolve("binary-1.bin")));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("binary-2.bin")));
    assertArrayEquals(new byte[] {4}, Files.readAllBytes(dir.resolve("binary-3.bin")));
  }

  @Test
  void refusedHandshakeSaysTheStatusAndExits1() throws Exception {
    URI url = serve(b -> b.verifyClient(request -> false), s -> {});
    assertEquals(1, run(ConnectSettings.of(url), "never sent\n"));
    List<String> errors = errLines();
    assertEquals(1, errors.size(), errors::toString);
    assertTrue(errors.get(0).startsWith("ippo connect: the server refused the connection: HTTP 401"),
        errors::toString);
    assertEquals(List.of(), outLines());
  }

  @Test
  void closedPortCannotBeConnectedToAndExits1() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = free.getLocalPort();
    }
    URI url = URI.create("ws://127.0.0.1:" + port + "/");
    assertEquals(1, run(ConnectSettings.of(url), ""));
    List<String> errors = errLines();
    assertEquals(1, errors.size(), errors::toString);
    assertTrue(errors.get(0).startsWith("ippo connect: cannot connect to 127.0.0.1"),
        errors::toString);
    assertEquals(List.of(), outLines());
  }

  @Test
  void serverClosingWithAnErrorCodeIsPrintedAndExits1() throws Exception {
    URI url = serve(b -> {}, s -> s.onConnection((ws, request) -> ws.close(4000, "bye")));
    // The input stays open: the server, not the end of input, ends this session.
    try (PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(typing)) {
      assertEquals(1, run(ConnectSettings.of(url), stdin));
    }
    assertEquals(List.of("connected to " + url, "closed 4000 bye"), outLines());
    assertEquals(List.of(), errLines());
  }

  @Test
  void serverGoingAwayIsANormalEnd() throws Exception {
    URI url = serve(b -> {}, s -> s.onConnection((ws, request) -> ws.close(1001, "")));
    try (PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(typing)) {
      assertEquals(0, run(ConnectSettings.of(url), stdin));
    }
    assertEquals(List.of("connected to " + url, "closed 1001"), outLines());
  }

  @Test
  void chosenSubprotocolIsPrintedAndHeadersAreSent() throws Exception {
    URI url = serve(b -> b.verifyClient(r -> "s3cret".equals(r.header("X-Token"))),
        s -> s.onConnection((ws, request) -> ws.onMessage(e -> ws.send(e.text()))));
    ConnectSettings settings = new ConnectSettings(url, List.of("chat", "superchat"),
        List.of(Map.entry("X-Token", "s3cret")), List.of(), Duration.ZERO, null);
    assertEquals(0, run(settings, "hi\n"));
    assertEquals(List.of("connected to " + url + " (protocol chat)", "< hi"), outLines());
  }

  @Test
  void noSubprotocolChosenPrintsNone() throws Exception {
    URI url = serve(b -> b.handleProtocols((offered, request) -> null), s -> {});
    ConnectSettings settings = new ConnectSettings(url, List.of("chat"), List.of(),
        List.of(), Duration.ZERO, null);
    assertEquals(0, run(settings, ""));
    assertEquals(List.of("connected to " + url), outLines());
  }

  @Test
  void closeCodesThatCountAsNormal() {
    assertTrue(ConsoleClient.isNormal(1000));
    assertTrue(ConsoleClient.isNormal(1001));
    assertTrue(ConsoleClient.isNormal(1005));
    for (int code : new int[] {1002, 1006, 1011, 3000, 4000}) {
      assertEquals(false, ConsoleClient.isNormal(code), "code " + code);
    }
  }

  @Test
  void hexPreviewShowsAtMostSixteenBytes() {
    assertEquals("", MessagePrinter.hexPreview(new byte[0]));
    assertEquals("00 7f 80 ff", MessagePrinter.hexPreview(new byte[] {0, 127, -128, -1}));
    assertEquals("00 ".repeat(15) + "00", MessagePrinter.hexPreview(new byte[16]));
    assertEquals("00 ".repeat(15) + "00 ...", MessagePrinter.hexPreview(new byte[17]));
  }
}
