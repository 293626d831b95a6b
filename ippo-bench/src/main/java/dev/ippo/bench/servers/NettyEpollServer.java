package dev.ippo.bench.servers;

/**
 * Netty 4.1 with the native epoll transport; see {@link NettyServer}. Runs until killed.
 */
public final class NettyEpollServer {
  private NettyEpollServer() {}

  public static void main(String[] args) throws Exception {
    NettyServer.run("NettyEpollServer", args, true);
  }
}
