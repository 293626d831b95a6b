package dev.ippo.internal.tls;

import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The engines of Ippo's TLS connections, configured once here: TLS 1.3 and 1.2 only, and ALPN
 * {@code http/1.1}, which a server picks when offered and otherwise leaves out rather than
 * refuse the client (a WebSocket needs HTTP/1.1, and a client that offers no ALPN at all is
 * common). A server takes the cipher suite its client puts first. Thread safe: no state.
 */
public final class TlsEngines {
  /** The protocols Ippo's engines enable, newest first. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  private static final String HTTP_1_1 = "http/1.1";

  private TlsEngines() {}

  /**
   * A client's engine for a connection to {@code host}: it sends the name (SNI) and checks
   * the server's certificate against it, as HTTPS does (RFC 2818), with ALPN http/1.1.
   */
  public static SSLEngine client(SSLContext context, String host, int port) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    SSLEngine engine = context.createSSLEngine(bare, port);
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    parameters.setApplicationProtocols(new String[] {HTTP_1_1});
    engine.setSSLParameters(parameters);
    return engine;
  }

  /** A server's engine for one accepted connection, with the context of the moment. */
  public static SSLEngine server(ReloadableContext tls) {
    SSLEngine engine = tls.current().createSSLEngine();
    engine.setUseClientMode(false);
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
    // Every suite the JDK enables is sound, and the client knows whether AES runs in its
    // hardware: browsers put AES-128-GCM first where it does, ChaCha20 where it does not.
    parameters.setUseCipherSuitesOrder(false);
    switch (tls.clientAuth()) {
      case NEED -> parameters.setNeedClientAuth(true);
      case WANT -> parameters.setWantClientAuth(true);
      case NONE -> { }
    }
    engine.setSSLParameters(parameters);
    // "" agrees to no protocol, where null would fail the handshake.
    engine.setHandshakeApplicationProtocolSelector(
        (e, offered) -> offered.contains(HTTP_1_1) ? HTTP_1_1 : "");
    return engine;
  }
}
