package dev.ippo.bench.servers;

import io.netty.handler.ssl.SslProvider;

/**
 * Netty 4.1 with the native epoll transport; see {@link NettyServer}. With {@code tls DIR}, TLS
 * through the JDK's engine. Runs until killed.
 */
public final class NettyEpollServer {
  private NettyEpollServer() {}

  public static void main(String[] args) throws Exception {
    NettyServer.run("NettyEpollServer", args, true, SslProvider.JDK);
  }
}
