package dev.ippo.internal.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/** A server's key manager from a key store: see {@link SniKeyManager}. Thread safe. */
public final class TlsKeys {
  private TlsKeys() {}

  /**
   * The key entries of {@code store}, chosen by the client's server name; in the order of
   * their aliases, the first of a key type is that type's default.
   *
   * @throws GeneralSecurityException when the store holds no key entry
   */
  public static KeyManager byServerName(KeyStore store, char[] password)
      throws GeneralSecurityException {
    // SunX509 keeps the store's aliases as they are (PKIX renames them), and the choice by
    // name is SniKeyManager's anyway.
    KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
    factory.init(store, password);
    List<String> aliases = new ArrayList<>();
    for (String alias : Collections.list(store.aliases())) {
      if (store.isKeyEntry(alias)) {
        aliases.add(alias);
      }
    }
    // A key store keeps no order of its own: its entries go by their aliases' order.
    Collections.sort(aliases);
    if (aliases.isEmpty()) {
      throw new GeneralSecurityException("the key store holds no private key");
    }
    for (KeyManager m : factory.getKeyManagers()) {
      if (m instanceof X509ExtendedKeyManager keys) {
        return new SniKeyManager(keys, aliases);
      }
    }
    throw new GeneralSecurityException("the JDK gave no X.509 key manager");
  }
}
