package dev.ippo.bench.servers;

import io.netty.handler.ssl.SslProvider;

/**
 * Netty 4.1 with the NIO transport; see {@link NettyServer}. Runs until killed.
 */
public final class NettyNioServer {
  private NettyNioServer() {}

  public static void main(String[] args) throws Exception {
    NettyServer.run("NettyNioServer", args, false, SslProvider.JDK);
  }
}
