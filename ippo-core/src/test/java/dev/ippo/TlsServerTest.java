package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with TLS, from PEM files in every form servers are handed, against the JDK's own
 * TLS client: it echoes over TLS 1.3 and 1.2, negotiates ALPN http/1.1 without refusing a
 * client that offers none, and ends plaintext, silence and truncation as it should.
 */
class TlsServerTest {
  @TempDir
  static Path folder;
  private static TestCertificates.Pair ec;
  private static TestCertificates.Pair rsa;
  private static SSLContext trustEc;

  private WebSocketServer server;

  @BeforeAll
  static void certificates() throws Exception {
    ec = TestCertificates.make(folder, "ec", true, "localhost");
    rsa = TestCertificates.make(folder, "rsa", false, "localhost");
    trustEc = TestCertificates.trusting(ec.certificate());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private WebSocketServer start(ServerTls tls, Duration handshakeTimeout) throws IOException {
    server = WebSocketServer.builder().host("127.0.0.1").tls(tls)
        .handshakeTimeout(handshakeTimeout).closeTimeout(Duration.ofSeconds(2)).build();
    server.onConnection(EchoFixture.ECHO);
    return server.start();
  }

  private SSLSocket connect(SSLContext trust, String protocol, String... alpn)
      throws IOException {
    SSLSocket s = (SSLSocket) trust.getSocketFactory()
        .createSocket(InetAddress.getLoopbackAddress(), server.port());
    s.setSoTimeout(5000);
    SSLParameters p = s.getSSLParameters();
    p.setProtocols(new String[] {protocol});
    p.setServerNames(List.of(new SNIHostName("localhost")));
    p.setEndpointIdentificationAlgorithm("HTTPS");
    p.setApplicationProtocols(alpn);
    s.setSSLParameters(p);
    s.startHandshake();
    return s;
  }

  @Test
  void echoesOverTls13AndTls12WithAlpnHttp11() throws Exception {
    start(ServerTls.fromPem(ec.certificate(), ec.key()), Duration.ofSeconds(10));
    for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
      try (SSLSocket s = connect(trustEc, protocol, "h2", "http/1.1")) {
        assertEquals(protocol, s.getSession().getProtocol());
        assertEquals("http/1.1", s.getApplicationProtocol());
        RawPeer.upgrade(s);
        byte[] big = new byte[100_000]; // several records each way
        java.util.Arrays.fill(big, (byte) 'x');
        for (byte[] message : List.of("hello".getBytes(StandardCharsets.UTF_8), big)) {
          writeText(s.getOutputStream(), message);
          assertArrayEquals(message, readText(s.getInputStream()));
        }
      }
    }
    ServerStats.Tls tls = server.stats().tls();
    assertEquals(java.util.Map.of("TLSv1.2", 1L, "TLSv1.3", 1L), tls.finishedByProtocol());
    assertEquals(2, tls.finished());
    assertEquals(0, tls.failed() + tls.abandoned());
  }

  @Test
  void theClientsOrderOfCipherSuitesDecides() throws Exception {
    start(ServerTls.fromPem(ec.certificate(), ec.key()), Duration.ofSeconds(10));
    List<List<String>> offers = List.of(
        List.of("TLSv1.3", "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"),
        List.of("TLSv1.3", "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"),
        List.of("TLSv1.3", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256"),
        // The JDK's own order puts AES-256 first for both versions. Its TLS 1.2 client sends
        // its suites in that order whatever it is given, so 1.2 has the one case.
        List.of("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"));
    for (List<String> offer : offers) {
      SSLSocket s = (SSLSocket) trustEc.getSocketFactory()
          .createSocket(InetAddress.getLoopbackAddress(), server.port());
      try (s) {
        s.setSoTimeout(5000);
        s.setEnabledProtocols(new String[] {offer.get(0)});
        s.setEnabledCipherSuites(offer.subList(1, 3).toArray(String[]::new));
        s.startHandshake();
        assertEquals(offer.get(1), s.getSession().getCipherSuite(), offer.toString());
      }
    }
  }

  @Test
  void aClientThatOffersNoAlpnIsServed() throws Exception {
    start(ServerTls.fromPem(ec.certificate(), ec.key()), Duration.ofSeconds(10));
    try (SSLSocket s = connect(trustEc, "TLSv1.3")) {
      assertEquals("", s.getApplicationProtocol());
      RawPeer.upgrade(s);
    }
  }

  @Test
  void everyPemFormOfTheKeyServes() throws Exception {
    for (TestCertificates.Pair pair : List.of(ec, rsa)) {
      for (Path key : List.of(pair.key(), pair.traditionalKey())) {
        String pem = Files.readString(key);
        assertTrue(pem.contains(key == pair.key() ? "BEGIN PRIVATE KEY"
            : pair == ec ? "BEGIN EC PRIVATE KEY" : "BEGIN RSA PRIVATE KEY"), pem);
        start(ServerTls.fromPem(pair.certificate(), key), Duration.ofSeconds(10));
        try (SSLSocket s = connect(TestCertificates.trusting(pair.certificate()), "TLSv1.3")) {
          RawPeer.upgrade(s);
        }
        server.close();
        server = null;
      }
    }
  }

  @Test
  void theCertificateServedIsTheOneForTheNameAskedAndTheFirstForNone() throws Exception {
    TestCertificates.Pair a = TestCertificates.make(folder, "a", true, "a.example");
    TestCertificates.Pair b = TestCertificates.make(folder, "b", false, "b.example");
    start(ServerTls.builder().certificate(a.certificate(), a.key())
        .certificate(b.certificate(), b.key()).build(), Duration.ofSeconds(10));
    Path[] both = {a.certificate(), b.certificate()};
    assertEquals("CN=b.example", servedTo(both, "b.example"));
    assertEquals("CN=a.example", servedTo(both, "a.example"));
    assertEquals("CN=a.example", servedTo(both, null), "no name: the first");
    assertEquals("CN=a.example", servedTo(both, "c.example"), "an unknown name: the first");
  }

  /**
   * The subject of the certificate served to a new client that asks for {@code name}; new,
   * since the JDK's client would resume its last session with this address whatever the name.
   */
  private String servedTo(Path[] trusted, String name) throws Exception {
    SSLContext trust = TestCertificates.trusting(trusted);
    try (SSLSocket s = (SSLSocket) trust.getSocketFactory()
        .createSocket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(5000);
      SSLParameters p = s.getSSLParameters();
      p.setServerNames(name == null ? List.of() : List.of(new SNIHostName(name)));
      s.setSSLParameters(p);
      s.startHandshake();
      return ((java.security.cert.X509Certificate) s.getSession().getPeerCertificates()[0])
          .getSubjectX500Principal().getName();
    }
  }

  @Test
  void reloadTlsServesNewHandshakesTheNewCertificateWhileOpenConnectionsGoOn() throws Exception {
    TestCertificates.Pair one = TestCertificates.make(folder, "one", true, "localhost");
    TestCertificates.Pair two = TestCertificates.make(folder, "two", false, "localhost");
    Path cert = folder.resolve("served-cert.pem");
    Path key = folder.resolve("served-key.pem");
    serve(one, cert, key);
    start(ServerTls.builder().certificate(cert, key).checkFilesEvery(Duration.ZERO).build(),
        Duration.ofSeconds(10));
    Path[] both = {one.certificate(), two.certificate()};
    try (SSLSocket before = connect(TestCertificates.trusting(both), "TLSv1.3")) {
      RawPeer.upgrade(before);
      assertEquals(serial(one), servedSerial(both));
      serve(two, cert, key);
      assertEquals(serial(one), servedSerial(both), "not before a reload");
      server.reloadTls();
      assertEquals(serial(two), servedSerial(both));
      byte[] still = "still here".getBytes(StandardCharsets.UTF_8);
      writeText(before.getOutputStream(), still);
      assertArrayEquals(still, readText(before.getInputStream()));
    }
  }

  @Test
  void changedFilesAreReloadedByThemselvesAndBrokenOnesLeaveTheOldCertificate()
      throws Exception {
    TestCertificates.Pair one = TestCertificates.make(folder, "first", true, "localhost");
    TestCertificates.Pair two = TestCertificates.make(folder, "second", true, "localhost");
    Path cert = folder.resolve("watched-cert.pem");
    Path key = folder.resolve("watched-key.pem");
    serve(one, cert, key);
    start(ServerTls.builder().certificate(cert, key).checkFilesEvery(Duration.ofMillis(50))
        .build(), Duration.ofSeconds(10));
    Path[] both = {one.certificate(), two.certificate()};
    Files.copy(two.certificate(), cert, StandardCopyOption.REPLACE_EXISTING); // key not yet
    assertThrows(GeneralSecurityException.class, () -> server.reloadTls());
    assertEquals(serial(one), servedSerial(both), "a half-renewed pair changes nothing");
    Files.copy(two.key(), key, StandardCopyOption.REPLACE_EXISTING);
    java.math.BigInteger renewed = serial(two);
    Await.until("a new handshake to get the renewed certificate",
        () -> renewed.equals(servedSerialOrNull(both)));
  }

  private static void serve(TestCertificates.Pair pair, Path cert, Path key) throws IOException {
    Files.copy(pair.certificate(), cert, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(pair.key(), key, StandardCopyOption.REPLACE_EXISTING);
  }

  private static java.math.BigInteger serial(TestCertificates.Pair pair) throws Exception {
    try (InputStream in = Files.newInputStream(pair.certificate())) {
      return ((java.security.cert.X509Certificate) java.security.cert.CertificateFactory
          .getInstance("X.509").generateCertificate(in)).getSerialNumber();
    }
  }

  /** The serial of the certificate a new client is served. */
  private java.math.BigInteger servedSerial(Path[] trusted) throws Exception {
    try (SSLSocket s = connect(TestCertificates.trusting(trusted), "TLSv1.3")) {
      return ((java.security.cert.X509Certificate) s.getSession().getPeerCertificates()[0])
          .getSerialNumber();
    }
  }

  private java.math.BigInteger servedSerialOrNull(Path[] trusted) {
    try {
      return servedSerial(trusted);
    } catch (Exception e) {
      return null;
    }
  }

  @Test
  void mutualTlsHandsTheVerifiedChainToVerifyClientAndRequiredRefusesTheOthers()
      throws Exception {
    TestCertificates.Pair alice = TestCertificates.make(folder, "alice", true, "alice");
    TestCertificates.Pair mallory = TestCertificates.make(folder, "mallory", true, "mallory");
    java.util.concurrent.BlockingQueue<String> seen =
        new java.util.concurrent.LinkedBlockingQueue<>();
    for (ServerTls.ClientCertificates mode : List.of(ServerTls.ClientCertificates.REQUIRED,
        ServerTls.ClientCertificates.OPTIONAL)) {
      server = WebSocketServer.builder().host("127.0.0.1")
          .tls(ServerTls.builder().certificate(ec.certificate(), ec.key())
              .clientCertificates(mode, alice.certificate()).build())
          .verifyClient(request -> seen.add(request.clientCertificates().isEmpty() ? "none"
              : request.clientCertificates().get(0).getSubjectX500Principal().getName()))
          .build().start();
      try (SSLSocket s = connect(TestCertificates.presenting(alice, ec.certificate()),
          "TLSv1.3")) {
        RawPeer.upgrade(s);
        assertEquals("CN=alice", seen.poll(5, TimeUnit.SECONDS));
      }
      for (SSLContext stranger : List.of(TestCertificates.presenting(mallory, ec.certificate()),
          trustEc)) {
        boolean anonymous = stranger == trustEc;
        // With OPTIONAL, mallory's client presents nothing (no CA the server names signs its
        // certificate) and is served like the anonymous one.
        if (mode == ServerTls.ClientCertificates.OPTIONAL) {
          try (SSLSocket s = connect(stranger, "TLSv1.3")) {
            RawPeer.upgrade(s);
            assertEquals("none", seen.poll(5, TimeUnit.SECONDS));
          }
        } else {
          assertThrows(IOException.class, () -> {
            try (SSLSocket s = connect(stranger, "TLSv1.3")) {
              RawPeer.upgrade(s); // TLS 1.3: the refusal comes with the first read
            }
          }, mode + (anonymous ? ", no certificate" : ", a certificate no CA of ours signed"));
        }
      }
      server.close();
      server = null;
    }
    assertEquals(null, seen.poll(), "verifyClient saw no refused client");
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedAtOnce() {
    GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
        () -> ServerTls.fromPem(ec.certificate(), rsa.key()));
    assertTrue(e.getMessage() != null, "says why");
    GeneralSecurityException none = assertThrows(GeneralSecurityException.class,
        () -> ServerTls.fromPem(ec.key(), ec.key()));
    assertTrue(none.getMessage().contains("CERTIFICATE"), none.getMessage());
  }

  @Test
  void plainHttpGarbageAndAnOversizedRecordOnTheTlsPortAreEndedAtOnce() throws Exception {
    start(ServerTls.fromPem(ec.certificate(), ec.key()), Duration.ofSeconds(10));
    byte[] garbage = new byte[2048];
    new java.util.Random(7).nextBytes(garbage);
    garbage[0] = 0x42; // no record type at all
    // A handshake record that announces 20 000 bytes: over TLS's 16 KiB + 256 (RFC 8446 5.1).
    byte[] oversized = new byte[5 + 20_000];
    oversized[0] = 0x16;
    oversized[1] = 0x03;
    oversized[2] = 0x01;
    oversized[3] = (byte) (20_000 >> 8);
    oversized[4] = (byte) 20_000;
    for (byte[] sent : List.of(
        RawPeer.upgradeRequest("/").getBytes(StandardCharsets.ISO_8859_1), garbage,
        oversized)) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
        s.setSoTimeout(5000);
        long start = System.nanoTime();
        try {
          s.getOutputStream().write(sent);
          InputStream in = s.getInputStream();
          while (in.read() >= 0) {
            // an alert record at most, then the end
          }
        } catch (java.net.SocketException reset) {
          // ended while the rest was still coming: as good
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "ended at once");
      }
    }
    Await.until("three failed handshakes", () -> server.stats().tls().failed() == 3);
    assertEquals(0, server.stats().tls().finished() + server.stats().tls().abandoned());
  }

  @Test
  void aHandshakeAbandonedHalfwayIsClosedAtTheHandshakeTimeout() throws Exception {
    start(ServerTls.fromPem(ec.certificate(), ec.key()), Duration.ofMillis(300));
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(5000);
      // The start of a ClientHello record announcing 512 bytes, then nothing more.
      s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01});
      long start = System.nanoTime();
      assertEquals(-1, s.getInputStream().read());
      long waited = System.nanoTime() - start;
      assertTrue(waited < TimeUnit.SECONDS.toNanos(3), "closed at the deadline: " + waited);
    }
    Await.until("an abandoned handshake", () -> server.stats().tls().abandoned() == 1);
    assertEquals(0, server.stats().tls().failed());
  }

  @Test
  void aFloodOfHandshakesLeavesAnOpenConnectionEchoing() throws Exception {
    start(ServerTls.fromPem(ec.certificate(), ec.key()), Duration.ofSeconds(10));
    try (SSLSocket open = connect(trustEc, "TLSv1.3")) {
      RawPeer.upgrade(open);
      java.util.concurrent.ExecutorService flood =
          java.util.concurrent.Executors.newFixedThreadPool(8);
      java.util.concurrent.atomic.AtomicInteger done =
          new java.util.concurrent.atomic.AtomicInteger();
      try {
        for (int i = 0; i < 400; i++) {
          flood.execute(() -> {
            try (SSLSocket s = connect(TestCertificates.trusting(ec.certificate()), "TLSv1.3")) {
              done.incrementAndGet();
            } catch (Exception e) {
              // a refused or dropped flooder is no concern of this test
            }
          });
        }
        long worst = 0;
        assertTrue(done.get() < 400, "the flood is under way while the echoes are timed");
        for (int i = 0; i < 20; i++) {
          byte[] ping = ("during the flood " + i).getBytes(StandardCharsets.UTF_8);
          long t = System.nanoTime();
          writeText(open.getOutputStream(), ping);
          assertArrayEquals(ping, readText(open.getInputStream()));
          worst = Math.max(worst, System.nanoTime() - t);
        }
        assertTrue(worst < TimeUnit.SECONDS.toNanos(1), "the slowest echo took " + worst + " ns");
      } finally {
        flood.shutdownNow();
        assertTrue(flood.awaitTermination(30, TimeUnit.SECONDS));
      }
    }
  }

  @Test
  void aSilentClientIsClosedAtTheHandshakeTimeout() throws Exception {
    start(ServerTls.fromPem(ec.certificate(), ec.key()), Duration.ofMillis(300));
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(5000);
      assertEquals(-1, s.getInputStream().read(), "closed, not held");
    }
  }

  @Test
  void aPeerThatDropsTcpWithoutCloseNotifyEndsUncleanWithAnErrorThatSaysSo() throws Exception {
    CompletableFuture<String> error = new CompletableFuture<>();
    CompletableFuture<CloseEvent> closed = new CompletableFuture<>();
    server = WebSocketServer.builder().host("127.0.0.1")
        .tls(ServerTls.fromPem(ec.certificate(), ec.key())).build();
    server.onConnection((ws, request) -> {
      ws.onError(e -> error.complete(e.message()));
      ws.onClose(closed::complete);
    });
    server.start();
    Socket tcp = new Socket(InetAddress.getLoopbackAddress(), server.port());
    SSLSocket s = (SSLSocket) trustEc.getSocketFactory()
        .createSocket(tcp, "localhost", server.port(), true);
    s.setSoTimeout(5000);
    s.startHandshake();
    RawPeer.upgrade(s);
    tcp.shutdownOutput(); // a FIN, no close_notify
    CloseEvent close = closed.get(5, TimeUnit.SECONDS);
    assertEquals(1006, close.code());
    assertTrue(!close.wasClean());
    assertTrue(error.get(1, TimeUnit.SECONDS).contains("close_notify"), error.get());
    s.close();
  }

  @Test
  void aTls12RenegotiationEndsTheConnection() throws Exception {
    start(ServerTls.fromPem(ec.certificate(), ec.key()), Duration.ofSeconds(10));
    try (SSLSocket s = connect(trustEc, "TLSv1.2")) {
      RawPeer.upgrade(s);
      writeText(s.getOutputStream(), "before".getBytes(StandardCharsets.UTF_8));
      assertArrayEquals("before".getBytes(StandardCharsets.UTF_8), readText(s.getInputStream()));
      s.startHandshake(); // TLS 1.2: a renegotiation
      try {
        writeText(s.getOutputStream(), "after".getBytes(StandardCharsets.UTF_8));
        assertEquals(-1, s.getInputStream().read(), "no echo: the connection ends");
      } catch (SocketTimeoutException stillOpen) {
        throw new AssertionError("the connection is still open after a renegotiation");
      } catch (IOException endedWithAnAlert) {
        // what a refusal looks like from the JDK's client
      }
    }
  }

  @Test
  void aWebSocketCloseEndsWithCloseNotifyAndTheTcpClose() throws Exception {
    start(ServerTls.fromPem(ec.certificate(), ec.key()), Duration.ofSeconds(10));
    try (SSLSocket s = connect(trustEc, "TLSv1.3")) {
      RawPeer.upgrade(s);
      OutputStream out = s.getOutputStream();
      out.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8});
      DataInputStream in = new DataInputStream(s.getInputStream());
      assertEquals(0x88, in.readUnsignedByte());
      int length = in.readUnsignedByte();
      assertEquals(1000, in.readUnsignedShort());
      in.skipNBytes(length - 2);
      assertEquals(-1, in.read(), "close_notify reads as the end of the stream");
    }
  }

  @Test
  void aPartialRecordIsTakenFromTheReceiveBudgetAndOnlyThePeerThatWouldPassItIsEnded()
      throws Exception {
    server = WebSocketServer.builder().host("127.0.0.1")
        .tls(ServerTls.fromPem(ec.certificate(), ec.key()))
        .memoryBudget(8192, 1 << 20).build();
    server.onConnection(EchoFixture.ECHO);
    server.start();
    byte[] small = "x".repeat(3000).getBytes(StandardCharsets.UTF_8);
    byte[] large = "y".repeat(12_000).getBytes(StandardCharsets.UTF_8); // one record
    try (Stalling politeTcp = new Stalling(server.port());
        SSLSocket polite = over(politeTcp);
        Stalling greedyTcp = new Stalling(server.port());
        SSLSocket greedy = over(greedyTcp)) {
      politeTcp.passOnly(2000); // most of its record, within the budget
      writeText(polite.getOutputStream(), small);
      greedyTcp.passOnly(10_000); // most of a record, which alone would pass the budget
      writeText(greedy.getOutputStream(), large);
      assertTrue(endedByPeer(greedy), "the part that would pass the budget ends its connection");
      politeTcp.passTheRest();
      assertArrayEquals(small, readText(polite.getInputStream()), "the other goes on");
    }
  }

  private SSLSocket over(Socket tcp) throws IOException {
    SSLSocket s = (SSLSocket) trustEc.getSocketFactory()
        .createSocket(tcp, "localhost", server.port(), true);
    s.setSoTimeout(5000);
    s.setEnabledProtocols(new String[] {"TLSv1.3"});
    s.startHandshake();
    RawPeer.upgrade(s);
    return s;
  }

  private static boolean endedByPeer(SSLSocket s) throws IOException {
    try {
      return s.getInputStream().read() == -1;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /**
   * A TCP connection whose writes can stop partway, so the TLS record it carries arrives in
   * part: after {@link #passOnly} bytes, what is written waits until {@link #passTheRest}.
   */
  private static final class Stalling extends Socket {
    private final java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();
    private long allowance = Long.MAX_VALUE;
    private OutputStream out;

    Stalling(int port) throws IOException {
      super(InetAddress.getLoopbackAddress(), port);
    }

    void passOnly(long bytes) {
      allowance = bytes;
    }

    synchronized void passTheRest() throws IOException {
      allowance = Long.MAX_VALUE;
      out.write(held.toByteArray());
      out.flush();
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      if (out == null) {
        out = super.getOutputStream();
      }
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          synchronized (Stalling.this) {
            int pass = (int) Math.min(len, allowance);
            out.write(b, off, pass);
            allowance -= pass;
            held.write(b, off + pass, len - pass);
          }
        }
      };
    }
  }

  /** A masked text frame with a zero mask key, so the bytes go as they are. */
  private static void writeText(OutputStream out, byte[] payload) throws IOException {
    int n = payload.length;
    java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
    frame.write(0x81);
    if (n < 126) {
      frame.write(0x80 | n);
    } else if (n < 65536) {
      frame.write(0x80 | 126);
      frame.write(n >>> 8);
      frame.write(n);
    } else {
      frame.write(0x80 | 127);
      for (int i = 7; i >= 0; i--) {
        frame.write((int) ((long) n >>> (8 * i)));
      }
    }
    frame.write(new byte[4]);
    frame.write(payload);
    out.write(frame.toByteArray());
    out.flush();
  }

  private static byte[] readText(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    assertEquals(0x81, in.readUnsignedByte());
    int length = in.readUnsignedByte();
    long n = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
    return in.readNBytes((int) n);
  }
}
