package dev.ippo.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what TLS servers are configured with as text: a certificate chain and a private key
 * in PEM (RFC 7468). The key may be PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA
 * ({@code BEGIN RSA PRIVATE KEY}) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}), as OpenSSL,
 * Let's Encrypt's clients and cloud consoles write them; the JDK reads only PKCS#8, so the
 * other two are wrapped into it here, in the few bytes of DER that takes.
 *
 * <pre>{@code
 * List<X509Certificate> chain = PemFiles.certificates(Files.readString(Path.of("fullchain.pem")));
 * PrivateKey key = PemFiles.privateKey(Files.readString(Path.of("privkey.pem")));
 * }</pre>
 *
 * <p>Thread safe: no state.
 */
public final class PemFiles {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

  /** AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
  private static final byte[] RSA_ALGORITHM = {0x30, 0x0D, 0x06, 0x09, 0x2A, (byte) 0x86, 0x48,
      (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00};
  /** The OID id-ecPublicKey (1.2.840.10045.2.1), tag and length included. */
  private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE,
      0x3D, 0x02, 0x01};

  private PemFiles() {}

  /**
   * The certificates of {@code pem}, in order: the server's own first, then those that
   * sign it.
   *
   * @throws GeneralSecurityException when there is none, or one does not parse
   */
  public static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> chain = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      if (m.group(1).equals("CERTIFICATE")) {
        chain.add((X509Certificate) factory.generateCertificate(
            new ByteArrayInputStream(decode(m.group(2)))));
      }
    }
    if (chain.isEmpty()) {
      throw new CertificateException("no BEGIN CERTIFICATE block");
    }
    return chain;
  }

  /**
   * The private key of {@code pem}: its first PKCS#8, PKCS#1 RSA or SEC1 EC block.
   *
   * @throws GeneralSecurityException when there is no such block, the key is encrypted, or
   *     it does not parse
   */
  public static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      byte[] der = decode(m.group(2));
      switch (m.group(1)) {
        case "PRIVATE KEY":
          return pkcs8(der);
        case "RSA PRIVATE KEY":
          return KeyFactory.getInstance("RSA").generatePrivate(
              new PKCS8EncodedKeySpec(privateKeyInfo(RSA_ALGORITHM, der)));
        case "EC PRIVATE KEY":
          return KeyFactory.getInstance("EC").generatePrivate(
              new PKCS8EncodedKeySpec(privateKeyInfo(ecAlgorithm(der), der)));
        case "ENCRYPTED PRIVATE KEY":
          throw new GeneralSecurityException("the private key is encrypted; decrypt it first"
              + " (openssl pkey -in key.pem -out plain.pem)");
        default:
          // EC PARAMETERS, certificates and the like: not the key
      }
    }
    throw new GeneralSecurityException(
        "no BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block");
  }

  /** A PKCS#8 key of whichever algorithm it names. */
  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new GeneralSecurityException("a PKCS#8 key of no algorithm the JDK reads", last);
  }

  private static byte[] decode(String base64) throws CertificateException {
    try {
      return Base64.getMimeDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new CertificateException("a PEM block that is not Base64", e);
    }
  }

  /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING key }. */
  private static byte[] privateKeyInfo(byte[] algorithm, byte[] key) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(algorithm);
    body.writeBytes(tlv(0x04, key));
    return tlv(0x30, body.toByteArray());
  }

  /**
   * The AlgorithmIdentifier of a SEC1 key (RFC 5915): id-ecPublicKey with the named curve of
   * its {@code [0]} parameters, which PKCS#8 wants outside.
   */
  private static byte[] ecAlgorithm(byte[] sec1) throws GeneralSecurityException {
    try {
      Der key = new Der(sec1, 0);
      Der fields = key.enter(0x30);
      fields.skip(0x02); // version
      fields.skip(0x04); // the private key
      while (fields.hasMore()) {
        if (fields.peekTag() == 0xA0) {
          Der parameters = fields.enter(0xA0);
          byte[] curve = parameters.element(0x06);
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          body.writeBytes(EC_PUBLIC_KEY);
          body.writeBytes(curve);
          return tlv(0x30, body.toByteArray());
        }
        fields.skip(fields.peekTag());
      }
    } catch (IOException e) {
      throw new GeneralSecurityException("an EC PRIVATE KEY that is not SEC1 DER", e);
    }
    throw new GeneralSecurityException("an EC PRIVATE KEY without its curve; write it with"
        + " `openssl pkey`, which keeps it");
  }

  /** Tag, DER length, contents. */
  static byte[] tlv(int tag, byte[] contents) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(contents.length + 6);
    out.write(tag);
    int n = contents.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(contents);
    return out.toByteArray();
  }

  /** A cursor over DER elements, enough to find a SEC1 key's curve. */
  private static final class Der {
    private final byte[] der;
    private final int end;
    private int at;

    Der(byte[] der, int at) {
      this(der, at, der.length);
    }

    private Der(byte[] der, int at, int end) {
      this.der = der;
      this.at = at;
      this.end = end;
    }

    boolean hasMore() {
      return at < end;
    }

    int peekTag() throws IOException {
      if (at >= end) {
        throw new IOException("no element at " + at);
      }
      return der[at] & 0xFF;
    }

    /** The next element's contents as a cursor of its own. */
    Der enter(int tag) throws IOException {
      int[] span = next(tag);
      return new Der(der, span[0], span[1]);
    }

    /** The next element, tag and length included. */
    byte[] element(int tag) throws IOException {
      int start = at;
      next(tag);
      return Arrays.copyOfRange(der, start, at);
    }

    void skip(int tag) throws IOException {
      next(tag);
    }

    /** Moves past the next element, which must have {@code tag}: its contents' span. */
    private int[] next(int tag) throws IOException {
      if (peekTag() != tag) {
        throw new IOException("expected tag " + tag + " at " + at + ", found " + peekTag());
      }
      int p = at + 1;
      if (p >= end) {
        throw new IOException("a truncated element at " + at);
      }
      int length = der[p++] & 0xFF;
      if (length >= 0x80) {
        int bytes = length & 0x7F;
        if (bytes == 0 || bytes > 3 || p + bytes > end) {
          throw new IOException("an unsupported length at " + at);
        }
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = (length << 8) | (der[p++] & 0xFF);
        }
      }
      if (p + length > end) {
        throw new IOException("an element longer than what holds it at " + at);
      }
      at = p + length;
      return new int[] {p, p + length};
    }
  }
}
