package dev.ippo.internal.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Chooses a server's certificate by the name the client asks for (SNI), whatever its key
 * type: the JDK's own key manager is asked once per signature scheme the client offers, and
 * answers with the first certificate of that key type, so an EC certificate for another name
 * would win over the RSA certificate for the name asked. Here the certificates for the name
 * asked are the only answers while one exists (for a key type none of them has, there is
 * none, and the JDK asks for the client's next type); without a name, or for a name no
 * certificate holds, the answer is the first certificate given of the type asked.
 *
 * <pre>{@code
 * new SniKeyManager(sunX509KeyManager, List.of("0000", "0001"))  // the first is the default
 * }</pre>
 *
 * <p>Thread safe: immutable; the delegate is thread safe.
 */
final class SniKeyManager extends X509ExtendedKeyManager {
  private final X509ExtendedKeyManager keys;
  /** The aliases in the order the certificates were given; the first is the default. */
  private final List<String> aliases;

  SniKeyManager(X509ExtendedKeyManager keys, List<String> aliases) {
    this.keys = keys;
    this.aliases = List.copyOf(aliases);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    String name = requestedName(engine.getHandshakeSession());
    List<String> named = name == null ? List.of() : aliasesFor(name);
    for (String alias : named.isEmpty() ? aliases : named) {
      if (keyType.equals(keyTypeOf(alias))) {
        return alias;
      }
    }
    return null; // none of this type: the handshake asks for the next type the client takes
  }

  private String keyTypeOf(String alias) {
    X509Certificate[] chain = keys.getCertificateChain(alias);
    return chain == null || chain.length == 0 ? null : chain[0].getPublicKey().getAlgorithm();
  }

  private List<String> aliasesFor(String name) {
    List<String> matching = new ArrayList<>();
    for (String alias : aliases) {
      X509Certificate[] chain = keys.getCertificateChain(alias);
      if (chain != null && chain.length > 0 && holds(chain[0], name)) {
        matching.add(alias);
      }
    }
    return matching;
  }

  /** The host name the client asked for, lower case, or null. */
  private static String requestedName(SSLSession handshake) {
    if (!(handshake instanceof ExtendedSSLSession session)) {
      return null;
    }
    for (SNIServerName n : session.getRequestedServerNames()) {
      if (n instanceof SNIHostName host) {
        return host.getAsciiName().toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  /**
   * Whether the certificate is for {@code name}: one of its DNS names, a wildcard matching
   * one label ({@code *.example.com}), or with no DNS name at all its subject's CN.
   */
  static boolean holds(X509Certificate certificate, String name) {
    List<String> dnsNames = new ArrayList<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> entry : alternatives) {
          if (Integer.valueOf(2).equals(entry.get(0))) { // dNSName
            dnsNames.add(((String) entry.get(1)).toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return false;
    }
    if (dnsNames.isEmpty()) {
      String subject = certificate.getSubjectX500Principal().getName();
      for (String part : subject.split(",")) {
        if (part.trim().toUpperCase(Locale.ROOT).startsWith("CN=")) {
          dnsNames.add(part.trim().substring(3).toLowerCase(Locale.ROOT));
        }
      }
    }
    for (String dns : dnsNames) {
      if (dns.equals(name) || (dns.startsWith("*.") && name.indexOf('.') > 0
          && name.substring(name.indexOf('.')).equals(dns.substring(1)))) {
        return true;
      }
    }
    return false;
  }

  // What a server's key manager also answers, from the delegate.

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return keys.chooseServerAlias(keyType, issuers, socket);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return keys.getServerAliases(keyType, issuers);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return keys.getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return keys.getPrivateKey(alias);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return keys.getClientAliases(keyType, issuers);
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return keys.chooseClientAlias(keyType, issuers, socket);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine e) {
    return keys.chooseEngineClientAlias(keyType, issuers, e);
  }
}
