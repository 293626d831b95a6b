package dev.ippo.bench.servers;

import io.netty.handler.ssl.SslProvider;

/**
 * Netty 4.1 with the native epoll transport and TLS through OpenSSL (BoringSSL from
 * {@code netty-tcnative-boringssl-static}) instead of the JDK's engine; see {@link NettyServer}.
 * Takes {@code tls DIR} like the others; {@code bench/run} starts it for its TLS scenarios only.
 * Runs until killed.
 */
public final class NettyOpenSslServer {
  private NettyOpenSslServer() {}

  public static void main(String[] args) throws Exception {
    NettyServer.run("NettyOpenSslServer", args, true, SslProvider.OPENSSL);
  }
}
