package dev.ippo;

import dev.ippo.internal.tls.PemFiles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates for the TLS tests, made by the {@code openssl} command (Debian's, which the
 * tests' machine has) in a folder of the test's: a key and a self-signed certificate for
 * {@code localhost} and 127.0.0.1, in the PEM forms servers are handed.
 */
public final class TestCertificates {
  private TestCertificates() {}

  /**
   * A self-signed certificate for {@code name} (and 127.0.0.1), and its key: EC P-256 or RSA
   * 2048, the key in PKCS#8 ({@code key.pem}) and in the algorithm's own traditional form,
   * SEC1 or PKCS#1 ({@code key-traditional.pem}).
   */
  public record Pair(Path certificate, Path key, Path traditionalKey) {}

  public static Pair make(Path folder, String prefix, boolean ec, String name)
      throws IOException, InterruptedException {
    Path cert = folder.resolve(prefix + "-cert.pem");
    Path key = folder.resolve(prefix + "-key.pem");
    Path traditional = folder.resolve(prefix + "-key-traditional.pem");
    List<String> req = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey",
        ec ? "ec" : "rsa:2048"));
    if (ec) {
      req.addAll(List.of("-pkeyopt", "ec_paramgen_curve:P-256"));
    }
    req.addAll(List.of("-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days",
        "2", "-subj", "/CN=" + name, "-addext",
        "subjectAltName=DNS:" + name + ",IP:127.0.0.1"));
    run(req);
    run(List.of("openssl", "pkey", "-in", key.toString(), "-out",
        traditional.toString(), "-traditional"));
    return new Pair(cert, key, traditional);
  }

  /** An SSLContext that trusts {@code certificates} alone. */
  public static SSLContext trusting(Path... certificates)
      throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    for (Path certificate : certificates) {
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certificate)));
      trust.setCertificateEntry(certificate.toString(), cert);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  /** An SSLContext that presents {@code client}'s certificate and trusts {@code trusted}. */
  public static SSLContext presenting(Pair client, Path... trusted)
      throws IOException, GeneralSecurityException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("client",
        PemFiles.privateKey(Files.readString(client.key())), new char[0],
        PemFiles.certificates(Files.readString(client.certificate()))
            .toArray(new X509Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
    kmf.init(keys, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS");
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    KeyStore anchors = KeyStore.getInstance("PKCS12");
    anchors.load(null, null);
    for (Path t : trusted) {
      anchors.setCertificateEntry(t.toString(), PemFiles.certificates(Files.readString(t)).get(0));
    }
    tmf.init(anchors);
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }
}
