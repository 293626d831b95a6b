package dev.ippo.conformance;

import dev.ippo.WebSocketServer;
import java.io.IOException;

/**
 * Ippo's own server, in-process on 127.0.0.1 and a free port, echoing each message with its
 * type.
 *
 * <p>Thread safe.
 */
final class IppoEchoTarget implements ServerTarget {
  private final WebSocketServer server;

  private IppoEchoTarget(WebSocketServer server) {
    this.server = server;
  }

  static IppoEchoTarget start() throws IOException {
    WebSocketServer server = WebSocketServer.builder().port(0).host("127.0.0.1").build();
    server.onConnection((ws, request) -> ws.onMessage(e -> {
      if (e.isText()) {
        ws.send(e.text());
      } else {
        ws.send(e.bytes());
      }
    }));
    server.start();
    return new IppoEchoTarget(server);
  }

  @Override
  public String name() {
    return "ippo";
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
  }
}
