package dev.ippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ippo's client on {@code wss://}: it verifies the server's certificate and its name as a
 * browser does, and says which failed when one does.
 */
class TlsClientTest {
  @TempDir
  static Path folder;
  private static TestCertificates.Pair localhost;
  private static TestCertificates.Pair other;

  private WebSocketServer server;

  @BeforeAll
  static void certificates() throws Exception {
    localhost = TestCertificates.make(folder, "localhost", true, "localhost");
    other = TestCertificates.make(folder, "other", true, "other.example");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void serve(TestCertificates.Pair pair) throws Exception {
    server = EchoFixture.start(WebSocketServer.builder().host("127.0.0.1")
        .tls(ServerTls.fromPem(pair.certificate(), pair.key())));
  }

  /** What a client to {@code wss://localhost:PORT/} trusting {@code trust} saw. */
  private EchoAttempt talk(SSLContext trust) throws Exception {
    return talk(trust, "localhost");
  }

  private EchoAttempt talk(SSLContext trust, String host) throws Exception {
    return EchoAttempt.of("wss://" + host + ":" + server.port() + "/",
        WebSocketOptions.builder().sslContext(trust).build(), "over TLS");
  }

  @Test
  void echoesWithTheServersCertificateTrusted() throws Exception {
    serve(localhost);
    EchoAttempt o = talk(TestCertificates.trusting(localhost.certificate()));
    assertEquals("over TLS", o.echo());
    assertEquals(1000, o.close().code());
    assertTrue(o.close().wasClean(), "close frames both ways, then close_notify");
  }

  @Test
  void aSelfSignedServerIsReachedByNameAndByAddressWithItsCertificateTrusted() throws Exception {
    ServerTls tls = ServerTls.selfSigned();
    java.security.cert.X509Certificate made = tls.selfSignedCertificate();
    assertEquals("CN=localhost", made.getSubjectX500Principal().getName());
    assertEquals(made.getSubjectX500Principal(), made.getIssuerX500Principal());
    made.verify(made.getPublicKey()); // signed by its own key
    assertEquals(java.util.List.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1"),
        made.getSubjectAlternativeNames().stream().map(n -> (String) n.get(1)).toList());
    long days = java.time.Duration.between(made.getNotBefore().toInstant(),
        made.getNotAfter().toInstant()).toDays();
    assertTrue(days >= 7 && days <= 8, days + " days");
    Path pem = folder.resolve("self-signed.pem");
    java.nio.file.Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
        + java.util.Base64.getMimeEncoder().encodeToString(made.getEncoded())
        + "\n-----END CERTIFICATE-----\n");
    server = EchoFixture.start(WebSocketServer.builder().host("127.0.0.1").tls(tls));
    for (String host : java.util.List.of("localhost", "127.0.0.1")) {
      EchoAttempt o = talk(TestCertificates.trusting(pem), host);
      assertEquals("over TLS", o.echo(), host);
    }
  }

  @Test
  void refusesACertificateItDoesNotTrustAndSaysSo() throws Exception {
    serve(localhost);
    EchoAttempt o = talk(null); // the JDK's default trust store has no such certificate
    assertEquals(null, o.echo());
    assertEquals(1006, o.close().code());
    assertFalse(o.close().wasClean());
    assertTrue(o.error().contains("TLS handshake with localhost failed")
        && o.error().contains("certification path"), o.error());
  }

  @Test
  void refusesACertificateForAnotherNameAndSaysSo() throws Exception {
    serve(other);
    EchoAttempt o = talk(TestCertificates.trusting(other.certificate()));
    assertEquals(null, o.echo());
    assertTrue(o.error().contains("TLS handshake with localhost failed")
        && o.error().contains("localhost"), o.error());
  }
}
