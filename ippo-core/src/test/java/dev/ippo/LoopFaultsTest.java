package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an event loop survives, and what the server does when one ends all the same: an
 * {@link Error} in a handler, with a logger that throws as well, or in handing a new
 * connection over, costs at most the connection it came from; an error the JVM cannot
 * survive ends its loop, loudly, and the server goes on with the others.
 */
class LoopFaultsTest {
  private WebSocketServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close(Duration.ZERO);
    }
  }

  /** A java.util.logging handler on every Ippo logger that throws, as a broken one would. */
  private static final class ThrowingHandler extends Handler {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public void publish(LogRecord record) {
      calls.incrementAndGet();
      throw new Error("the logger broke");
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Test
  void errorsInHandlersAndInTheLoggerLeaveTheLoopServingItsOtherConnections() throws Exception {
    Logger ippoLogger = Logger.getLogger("dev.ippo"); // held: JUL keeps loggers weakly
    ThrowingHandler broken = new ThrowingHandler();
    ippoLogger.addHandler(broken);
    try {
      server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
          .verifyClient(request -> {
            if (request.path().equals("/verify-fails")) {
              throw new NoClassDefFoundError("a class the verifier needs");
            }
            return true;
          })
          .build();
      server.onConnection((ws, request) -> {
        if (request.path().equals("/connection-handler-fails")) {
          throw new AssertionError("the connection handler's bug");
        }
        ws.onMessage(e -> {
          if (e.text().equals("fail")) {
            throw new OutOfMemoryError("one allocation too large");
          }
          EchoFixture.reply(ws, e);
        });
      });
      server.start();
      String base = "ws://127.0.0.1:" + server.port();

      Client steady = Client.open(base + "/");
      assertEquals("before", steady.echo("before"));

      // An Error out of verifyClient reaches the loop itself: it ends that handshake alone.
      EchoAttempt refused = EchoAttempt.of(base + "/verify-fails",
          WebSocketOptions.builder().build(), "hi");
      assertNull(refused.echo());
      assertEquals(1006, refused.close().code(), refused.toString());

      // An Error out of the connection handler or a message handler is the handler's:
      // logged (here, by a logger that throws too) and the connection goes on.
      Client handlerFails = Client.open(base + "/connection-handler-fails");
      Client messageFails = Client.open(base + "/");
      messageFails.ws.send("fail");
      assertEquals("after", messageFails.echo("after"));

      assertEquals("still here", steady.echo("still here"));
      assertTrue(broken.calls.get() >= 3, "the throwing logger was asked " + broken.calls);
      ServerStats.Health health = server.stats().health();
      assertTrue(health.ok(), health.toString());
      assertEquals(0, health.loopsEnded());
      assertTrue(server.stats().loops().get(0).running());
      assertEquals(3, server.stats().connections().open());
      handlerFails.ws.terminate();
      messageFails.ws.terminate();
      steady.ws.terminate();
    } finally {
      ippoLogger.removeHandler(broken);
    }
  }

  @Test
  void aLoopThatEndsClosesItsConnectionsSaysSoAndNewConnectionsGoToTheLoopsThatRun()
      throws Exception {
    server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(2).build();
    server.onConnection((ws, request) -> {
      if (request.path().equals("/break-the-jvm")) {
        throw new InternalError("as if the JVM had broken");
      }
      ws.onMessage(e -> EchoFixture.reply(ws, e));
    });
    server.start();
    String base = "ws://127.0.0.1:" + server.port();
    Client survivor = Client.open(base + "/");
    int survivorsLoop = loopWithConnections(1);

    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    Client doomed;
    try {
      // Connections are handed out in turn: this one goes to the other loop, and ends it.
      doomed = Client.open(base + "/break-the-jvm");
      assertEquals(1006, doomed.closed.get(10, TimeUnit.SECONDS).code());
      Await.until("the loop to end", () -> server.stats().health().loopsEnded() == 1);
    } finally {
      System.setErr(original);
    }
    String told = stderr.toString(StandardCharsets.UTF_8);
    int ended = 1 - survivorsLoop;
    assertTrue(told.contains("ippo: event loop ippo-server-" + ended + " ended"), told);
    assertTrue(told.contains("InternalError: as if the JVM had broken"), told);

    ServerStats stats = server.stats();
    assertFalse(stats.health().ok());
    assertTrue(stats.health().failure().contains("InternalError"), stats.health().failure());
    assertTrue(stats.health().listening(), "the listening socket went on on the other loop");
    assertFalse(stats.loops().get(ended).running());
    assertTrue(stats.loops().get(survivorsLoop).running());

    assertEquals("still served", survivor.echo("still served"));
    List<Client> later = List.of(Client.open(base + "/"), Client.open(base + "/"),
        Client.open(base + "/"));
    for (Client c : later) {
      assertEquals("new", c.echo("new"));
    }
    Await.until("4 open", () -> server.stats().connections().open() == 4);
    List<ServerStats.LoopStats> loops = server.stats().loops();
    assertEquals(0, loops.get(ended).connections(), loops.toString());
    assertEquals(4, loops.get(survivorsLoop).connections(), loops.toString());
    later.forEach(c -> c.ws.terminate());
    survivor.ws.terminate();
  }

  @Test
  void aConnectionThatCannotBeHandedOverIsClosedAndTheListenerGoesOn(@TempDir Path folder)
      throws Exception {
    TestCertificates.Pair pair = TestCertificates.make(folder, "ec", true, "localhost");
    AtomicBoolean failing = new AtomicBoolean();
    server = WebSocketServer.builder().host("127.0.0.1").port(0).eventLoops(1)
        .tls(ServerTls.fromContext(failingEngines(
            TestCertificates.presenting(pair, pair.certificate()), failing)))
        .build();
    server.onConnection(EchoFixture.ECHO);
    server.start();
    String url = "wss://127.0.0.1:" + server.port() + "/";
    WebSocketOptions trusting = WebSocketOptions.builder()
        .sslContext(TestCertificates.trusting(pair.certificate())).build();

    // What an OpenSSL-backed context did under a descriptor flood: no engine for this one.
    failing.set(true);
    EchoAttempt refused = EchoAttempt.of(url, trusting, "hi");
    assertNull(refused.echo());
    assertEquals(1006, refused.close().code());
    failing.set(false);

    assertEquals("hi", EchoAttempt.of(url, trusting, "hi").echo());
    ServerStats.Health health = server.stats().health();
    assertTrue(health.ok() && health.listening(), health.toString());
  }

  /** {@code real}, whose engines cannot be made while {@code failing} holds. */
  private static SSLContext failingEngines(SSLContext real, AtomicBoolean failing) {
    SSLContextSpi spi = new SSLContextSpi() {
      @Override
      protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {}

      @Override
      protected SSLSocketFactory engineGetSocketFactory() {
        return real.getSocketFactory();
      }

      @Override
      protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return real.getServerSocketFactory();
      }

      @Override
      protected SSLEngine engineCreateSSLEngine() {
        if (failing.get()) {
          throw new NoClassDefFoundError("Could not initialize class an.OpenSsl.Binding");
        }
        return real.createSSLEngine();
      }

      @Override
      protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return engineCreateSSLEngine();
      }

      @Override
      protected SSLSessionContext engineGetServerSessionContext() {
        return real.getServerSessionContext();
      }

      @Override
      protected SSLSessionContext engineGetClientSessionContext() {
        return real.getClientSessionContext();
      }
    };
    return new SSLContext(spi, real.getProvider(), real.getProtocol()) {};
  }

  /** The index of the one loop that serves {@code count} connections. */
  private int loopWithConnections(int count) {
    Await.until(count + " open", () -> server.stats().connections().open() == count);
    List<ServerStats.LoopStats> loops = server.stats().loops();
    for (int i = 0; i < loops.size(); i++) {
      if (loops.get(i).connections() == count) {
        return i;
      }
    }
    throw new AssertionError("no loop has " + count + ": " + loops);
  }

  /** A client that waits for its opening and can ask for one echo at a time. */
  private record Client(WebSocket ws, CompletableFuture<CloseEvent> closed,
      java.util.concurrent.BlockingQueue<String> received) {
    static Client open(String url) throws Exception {
      CompletableFuture<Void> opened = new CompletableFuture<>();
      CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
      java.util.concurrent.BlockingQueue<String> received =
          new java.util.concurrent.LinkedBlockingQueue<>();
      WebSocket ws = new WebSocket(url);
      ws.onOpen(e -> opened.complete(null));
      ws.onMessage(e -> received.add(e.text()));
      ws.onClose(e -> {
        closed.complete(e);
        opened.complete(null);
      });
      opened.get(10, TimeUnit.SECONDS);
      return new Client(ws, closed, received);
    }

    String echo(String text) throws InterruptedException {
      ws.send(text);
      String echoed = received.poll(10, TimeUnit.SECONDS);
      assertNotNull(echoed, "no echo of " + text);
      return echoed;
    }
  }
}
