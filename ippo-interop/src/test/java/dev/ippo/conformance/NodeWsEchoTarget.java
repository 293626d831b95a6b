package dev.ippo.conformance;

import dev.ippo.interop.NodeProcess;
import java.io.IOException;

/**
 * Node's {@code ws} echo server ({@code src/test/node/echo-server.js}): the reference that
 * shows the suite's own expectations hold against a well-known implementation.
 *
 * <p>Thread safe.
 */
final class NodeWsEchoTarget implements ServerTarget {
  private final NodeProcess node;
  private final int port;

  private NodeWsEchoTarget(NodeProcess node, int port) {
    this.node = node;
    this.port = port;
  }

  static NodeWsEchoTarget start() throws IOException, InterruptedException {
    NodeProcess node = NodeProcess.start("echo-server.js");
    try {
      return new NodeWsEchoTarget(node, node.awaitListening());
    } catch (RuntimeException | Error | InterruptedException e) {
      node.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "ws";
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
