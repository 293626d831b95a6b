package dev.ippo.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A throwaway certificate for trying TLS on one machine: an EC P-256 key and a self-signed
 * X.509 v3 certificate for {@code localhost}, 127.0.0.1 and ::1, valid for a week. The JDK
 * can sign but not write a certificate, so its DER (RFC 5280) is written here; it is the
 * only certificate Ippo makes, and nothing trusts it but what is told to.
 *
 * <pre>{@code
 * SelfSignedCertificate made = SelfSignedCertificate.make();
 * store.setKeyEntry("self", made.keys().getPrivate(), none, new X509Certificate[] {made.certificate()});
 * }</pre>
 *
 * @param keys the key pair
 * @param certificate the certificate of its public key, signed by its private key
 */
public record SelfSignedCertificate(KeyPair keys, X509Certificate certificate) {
  private static final Duration VALID = Duration.ofDays(7);
  /** AlgorithmIdentifier ecdsa-with-SHA256 (1.2.840.10045.4.3.2). */
  private static final byte[] ECDSA_SHA256 = {0x30, 0x0A, 0x06, 0x08, 0x2A, (byte) 0x86, 0x48,
      (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02};
  /** The OID of commonName (2.5.4.3). */
  private static final byte[] COMMON_NAME = {0x06, 0x03, 0x55, 0x04, 0x03};
  /** The OID of subjectAltName (2.5.29.17). */
  private static final byte[] SUBJECT_ALT_NAME = {0x06, 0x03, 0x55, 0x1D, 0x11};
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  /** Makes a new key pair and its certificate. */
  public static SelfSignedCertificate make() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    byte[] serial = new byte[16];
    new SecureRandom().nextBytes(serial);
    Instant now = Instant.now();
    byte[] name = name("localhost");
    byte[] tbs = sequence(
        tlv(0xA0, tlv(0x02, new byte[] {2})), // version: v3
        tlv(0x02, new BigInteger(1, serial).toByteArray()),
        ECDSA_SHA256,
        name,
        sequence(utcTime(now.minus(Duration.ofHours(1))), utcTime(now.plus(VALID))),
        name,
        keys.getPublic().getEncoded(), // SubjectPublicKeyInfo, as the JDK encodes it
        tlv(0xA3, sequence(subjectAltNames())));
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(keys.getPrivate());
    signer.update(tbs);
    byte[] signature = signer.sign();
    byte[] bits = new byte[signature.length + 1]; // a BIT STRING: no unused bits, then them
    System.arraycopy(signature, 0, bits, 1, signature.length);
    byte[] der = sequence(tbs, ECDSA_SHA256, tlv(0x03, bits));
    X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(der));
    return new SelfSignedCertificate(keys, certificate);
  }

  /** Name ::= SEQUENCE { SET { SEQUENCE { commonName, UTF8String } } }. */
  private static byte[] name(String commonName) {
    return sequence(tlv(0x31, sequence(COMMON_NAME,
        tlv(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
  }

  /** subjectAltName: DNS localhost, IP 127.0.0.1 and IP ::1. */
  private static byte[] subjectAltNames() {
    byte[] loopback6 = new byte[16];
    loopback6[15] = 1;
    byte[] names = sequence(
        tlv(0x82, "localhost".getBytes(StandardCharsets.US_ASCII)),
        tlv(0x87, new byte[] {127, 0, 0, 1}),
        tlv(0x87, loopback6));
    return sequence(SUBJECT_ALT_NAME, tlv(0x04, names));
  }

  private static byte[] utcTime(Instant t) {
    return tlv(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] sequence(byte[]... elements) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] e : elements) {
      body.writeBytes(e);
    }
    return tlv(0x30, body.toByteArray());
  }

  private static byte[] tlv(int tag, byte[] contents) {
    return PemFiles.tlv(tag, contents);
  }
}
