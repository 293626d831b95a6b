package dev.ippo.conformance;

import dev.ippo.interop.NodeProcess;
import java.io.IOException;

/**
 * Node's {@code ws} echo server ({@code src/test/node/echo-server.js}): the reference that
 * shows the suite's own expectations hold against a well-known implementation. With
 * permessage-deflate ({@code deflate-echo-server.js}) it is the deflate suite's reference:
 * it serves {@code /}, {@code /small} and {@code /client-window-10} on one port, with the
 * options {@link IppoDeflateEchoTarget} gives its three servers.
 *
 * <p>Thread safe.
 */
final class NodeWsEchoTarget implements ServerTarget {
  private final String name;
  private final NodeProcess node;
  private final int port;

  private NodeWsEchoTarget(String name, NodeProcess node, int port) {
    this.name = name;
    this.node = node;
    this.port = port;
  }

  static NodeWsEchoTarget start() throws IOException, InterruptedException {
    return start("ws", "echo-server.js");
  }

  static NodeWsEchoTarget startWithDeflate() throws IOException, InterruptedException {
    return start("ws-deflate", "deflate-echo-server.js");
  }

  private static NodeWsEchoTarget start(String name, String script)
      throws IOException, InterruptedException {
    NodeProcess node = NodeProcess.start(script);
    try {
      return new NodeWsEchoTarget(name, node, node.awaitListening());
    } catch (RuntimeException | Error | InterruptedException e) {
      node.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public void close() {
    node.close();
  }
}
