package dev.ippo;

import dev.ippo.internal.tls.PemFiles;
import dev.ippo.internal.tls.ReloadableContext;
import dev.ippo.internal.tls.SelfSignedCertificate;
import dev.ippo.internal.tls.TlsKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a server's {@code wss://} (and {@code https://}) is made of: its certificate chain and
 * private key, held in the JDK's {@link SSLContext}. The server speaks TLS 1.3 and 1.2 only,
 * refuses renegotiation, advertises ALPN {@code http/1.1} (and refuses no client that offers
 * none), and asks for no client certificate unless {@link Builder#clientCertificates} says
 * so.
 *
 * <pre>{@code
 * WebSocketServer server = WebSocketServer.builder()
 *     .port(8443)
 *     .tls(ServerTls.fromPem(Path.of("fullchain.pem"), Path.of("privkey.pem")))
 *     .build();
 * }</pre>
 *
 * <p>Thread safe. Its certificates change only by {@link #reload}, or by the server that
 * checks its files (see {@link Builder#checkFilesEvery}).
 */
public final class ServerTls {
  /** How often a server whose certificates come from files looks at them, by default. */
  public static final Duration CHECK_FILES_EVERY = Duration.ofMinutes(1);

  private final ReloadableContext context;
  /** The certificate {@link #selfSigned} made; null for the others. */
  private final X509Certificate selfSigned;

  private ServerTls(ReloadableContext context) {
    this(context, null);
  }

  private ServerTls(ReloadableContext context, X509Certificate selfSigned) {
    this.context = context;
    this.selfSigned = selfSigned;
  }

  /**
   * From PEM files, as OpenSSL and ACME clients (certbot, lego) write them. A started server
   * reads them again when they change (every {@link #CHECK_FILES_EVERY} it looks; see
   * {@link Builder#checkFilesEvery} for another interval).
   *
   * @param certificateChain the server's certificate first, then those that sign it
   * @param privateKey its private key: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA
   *     ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}), not
   *     encrypted
   * @return the TLS of a server with that certificate
   * @throws IOException when a file cannot be read
   * @throws GeneralSecurityException when a file holds no certificate or no key, or the key
   *     does not belong to the certificate
   */
  public static ServerTls fromPem(Path certificateChain, Path privateKey)
      throws IOException, GeneralSecurityException {
    return builder().certificate(certificateChain, privateKey).build();
  }

  /**
   * A builder for a server with several certificates, chosen by the name the client asks
   * for (SNI).
   *
   * <pre>{@code
   * ServerTls tls = ServerTls.builder()
   *     .certificate(Path.of("example.com.pem"), Path.of("example.com.key"))  // the default
   *     .certificate(Path.of("chat.example.org.pem"), Path.of("chat.example.org.key"))
   *     .build();
   * }</pre>
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether a server asks its clients for a certificate (mutual TLS). */
  public enum ClientCertificates {
    /** Asks for none: the default, and what browsers expect. */
    NONE,
    /** Asks; a client that presents none is served, with no certificate on its request. */
    OPTIONAL,
    /** Serves only clients whose certificate it verifies. */
    REQUIRED
  }

  /** Builds a {@link ServerTls} from PEM files. Not thread safe. */
  public static final class Builder {
    private final List<Path[]> pairs = new ArrayList<>();
    private Duration checkFilesEvery = CHECK_FILES_EVERY;
    private ClientCertificates clientCertificates = ClientCertificates.NONE;
    private Path clientCas;

    private Builder() {}

    /**
     * How often a started server looks at the files for a change (their size and time), and
     * when one changed reads them all again: new handshakes get the new certificates, open
     * connections go on. Default: a minute, so a renewal by certbot or lego reaches clients
     * without a restart. {@link Duration#ZERO} checks never; {@code WebSocketServer.reloadTls()}
     * reloads at once either way.
     *
     * @param interval positive, or zero for never
     * @return this builder
     */
    public Builder checkFilesEvery(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("checkFilesEvery must not be negative: " + interval);
      }
      this.checkFilesEvery = interval;
      return this;
    }

    /**
     * Adds a certificate, served to clients that ask for a name it holds; the first added
     * is also served to clients that ask for none, or for a name no certificate holds.
     *
     * @param certificateChain as in {@link ServerTls#fromPem}
     * @param privateKey as in {@link ServerTls#fromPem}
     * @return this builder
     */
    public Builder certificate(Path certificateChain, Path privateKey) {
      pairs.add(new Path[] {Objects.requireNonNull(certificateChain, "certificateChain"),
          Objects.requireNonNull(privateKey, "privateKey")});
      return this;
    }

    /**
     * Mutual TLS: asks each client for a certificate that {@code trustedCas} (PEM, one or a
     * bundle) signs, and hands the verified chain to {@code verifyClient} and the connection
     * handler as {@code request.clientCertificates()}. Default: none asked.
     *
     * <pre>{@code
     * ServerTls.builder().certificate(chain, key)
     *     .clientCertificates(ServerTls.ClientCertificates.REQUIRED, Path.of("clients-ca.pem"))
     * }</pre>
     *
     * @param mode whether to ask, and whether a client without one is served
     * @param trustedCas the authorities whose certificates are accepted; null only with NONE
     * @return this builder
     */
    public Builder clientCertificates(ClientCertificates mode, Path trustedCas) {
      if (mode != ClientCertificates.NONE && trustedCas == null) {
        throw new IllegalArgumentException("client certificates need the CAs that sign them");
      }
      this.clientCertificates = Objects.requireNonNull(mode, "mode");
      this.clientCas = trustedCas;
      return this;
    }

    /**
     * Reads the files and makes the context.
     *
     * @return the TLS of a server with these certificates
     * @throws IOException when a file cannot be read
     * @throws GeneralSecurityException when a file holds no certificate or no key, a key
     *     does not belong to its certificate, or no certificate was added
     */
    public ServerTls build() throws IOException, GeneralSecurityException {
      if (pairs.isEmpty()) {
        throw new GeneralSecurityException("no certificate: add one with certificate(...)");
      }
      List<Path[]> given = List.copyOf(pairs);
      List<Path> files = new ArrayList<>();
      given.forEach(pair -> files.addAll(List.of(pair)));
      Path cas = clientCertificates == ClientCertificates.NONE ? null : clientCas;
      if (cas != null) {
        files.add(cas);
      }
      ReloadableContext.ClientAuth auth = switch (clientCertificates) {
        case NONE -> ReloadableContext.ClientAuth.NONE;
        case OPTIONAL -> ReloadableContext.ClientAuth.WANT;
        case REQUIRED -> ReloadableContext.ClientAuth.NEED;
      };
      return new ServerTls(new ReloadableContext(() -> fromPemFiles(given, cas), auth, files,
          checkFilesEvery));
    }

    private static SSLContext fromPemFiles(List<Path[]> pairs, Path clientCas)
        throws IOException, GeneralSecurityException {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] none = new char[0];
      for (int i = 0; i < pairs.size(); i++) {
        List<X509Certificate> chain = PemFiles.certificates(
            Files.readString(pairs.get(i)[0], StandardCharsets.US_ASCII));
        PrivateKey key = PemFiles.privateKey(
            Files.readString(pairs.get(i)[1], StandardCharsets.US_ASCII));
        checkPair(key, chain.get(0));
        // Entries go by their aliases' order, the first being the default: "0000", "0001"...
        store.setKeyEntry(String.format("%04d", i), key, none,
            chain.toArray(new X509Certificate[0]));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {TlsKeys.byServerName(store, none)},
          clientCas == null ? null : trusting(clientCas), null);
      return context;
    }

    private static TrustManager[] trusting(Path cas) throws IOException, GeneralSecurityException {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      List<X509Certificate> authorities =
          PemFiles.certificates(Files.readString(cas, StandardCharsets.US_ASCII));
      for (int i = 0; i < authorities.size(); i++) {
        trust.setCertificateEntry("ca" + i, authorities.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(trust);
      return factory.getTrustManagers();
    }
  }

  /**
   * From a PKCS#12 file (what {@code keytool} and {@code openssl pkcs12 -export} write).
   *
   * @param keyStore the file; its key entries are the server's certificates, chosen by the
   *     name a client asks for (SNI), the first by alias being the default; a started server
   *     reads it again when it changes (every {@link #CHECK_FILES_EVERY} it looks)
   * @param password the file's password, which its keys share
   * @return the TLS of a server with those certificates
   * @throws IOException when the file cannot be read or the password is wrong
   * @throws GeneralSecurityException when the file holds no usable key
   */
  public static ServerTls fromKeyStore(Path keyStore, char[] password)
      throws IOException, GeneralSecurityException {
    char[] kept = password.clone();
    return new ServerTls(new ReloadableContext(() -> {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        store.load(in, kept);
      }
      return contextOf(store, kept);
    }, ReloadableContext.ClientAuth.NONE, List.of(keyStore), CHECK_FILES_EVERY));
  }

  private static SSLContext contextOf(KeyStore store, char[] password)
      throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {TlsKeys.byServerName(store, password)}, null, null);
    return context;
  }

  /**
   * A throwaway certificate, made now, for trying {@code wss://} and {@code https://} on
   * this machine: EC P-256, self-signed, for {@code localhost}, 127.0.0.1 and ::1, valid for
   * a week. No client trusts it unless told to (see {@link #selfSignedCertificate()}).
   *
   * @return the TLS of a server with a new certificate
   * @throws GeneralSecurityException when the JDK cannot make an EC key
   */
  public static ServerTls selfSigned() throws GeneralSecurityException {
    SelfSignedCertificate made = SelfSignedCertificate.make();
    try {
      return new ServerTls(new ReloadableContext(() -> {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
          store.load(null, null);
        } catch (IOException impossible) {
          throw new GeneralSecurityException(impossible);
        }
        store.setKeyEntry("self", made.keys().getPrivate(), new char[0],
            new X509Certificate[] {made.certificate()});
        return contextOf(store, new char[0]);
      }, ReloadableContext.ClientAuth.NONE, List.of(), Duration.ZERO), made.certificate());
    } catch (IOException impossible) {
      throw new GeneralSecurityException(impossible);
    }
  }

  /**
   * The certificate {@link #selfSigned()} made, to hand to the clients that must trust it
   * (or to print its fingerprint); certificates from files or a context are the caller's.
   *
   * @return the self-signed certificate, or null when this TLS was not made by selfSigned
   */
  public X509Certificate selfSignedCertificate() {
    return selfSigned;
  }

  /**
   * From an {@link SSLContext} made elsewhere (a hardware key, a custom key manager).
   *
   * @param context initialized with the server's key managers
   * @return the TLS of a server with that context
   */
  public static ServerTls fromContext(SSLContext context) {
    Objects.requireNonNull(context, "context");
    try {
      return new ServerTls(new ReloadableContext(() -> context, ReloadableContext.ClientAuth.NONE,
          List.of(), Duration.ZERO));
    } catch (IOException | GeneralSecurityException impossible) {
      throw new IllegalStateException(impossible); // the loader only returns the context
    }
  }

  /**
   * The context new connections' engines come from: the latest loaded.
   *
   * @return the context
   */
  public SSLContext context() {
    return context.current();
  }

  /**
   * Reads the files again (those of {@link #fromPem}, the builder or {@link #fromKeyStore}):
   * new handshakes get the new certificates, open connections go on. Nothing changes when
   * the files cannot serve, or for a context made elsewhere ({@link #fromContext}).
   *
   * @throws IOException when a file cannot be read
   * @throws GeneralSecurityException when the files cannot serve; the old ones go on
   */
  public void reload() throws IOException, GeneralSecurityException {
    context.reload();
  }

  /** What the server's engine takes: the context, and when to look at its files. */
  ReloadableContext source() {
    return context;
  }

  /** Fails now, rather than at every handshake, when the key does not match the certificate. */
  private static void checkPair(PrivateKey key, X509Certificate certificate)
      throws GeneralSecurityException {
    String certified = certificate.getPublicKey().getAlgorithm();
    if (!key.getAlgorithm().equals(certified)) {
      throw new GeneralSecurityException("the private key does not belong to the certificate "
          + certificate.getSubjectX500Principal().getName() + ": an " + key.getAlgorithm()
          + " key for an " + certified + " certificate");
    }
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519" -> "Ed25519";
      default -> null;
    };
    if (algorithm == null) {
      return; // the handshake will tell
    }
    byte[] probe = "ippo".getBytes(StandardCharsets.US_ASCII);
    Signature sign = Signature.getInstance(algorithm);
    sign.initSign(key);
    sign.update(probe);
    byte[] signature = sign.sign();
    Signature verify = Signature.getInstance(algorithm);
    verify.initVerify(certificate.getPublicKey());
    verify.update(probe);
    if (!verify.verify(signature)) {
      throw new GeneralSecurityException("the private key does not belong to the certificate "
          + certificate.getSubjectX500Principal().getName());
    }
  }
}
