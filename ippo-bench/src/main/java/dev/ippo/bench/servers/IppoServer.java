package dev.ippo.bench.servers;

import dev.ippo.WebSocketServer;

/**
 * Ippo's bench server: one event loop, compression off (Ippo has none yet), broadcast through
 * {@link WebSocketServer#broadcast}, which frames each message once for all receivers.
 *
 * <p>Runs until killed. Callbacks run on the one loop thread.
 */
public final class IppoServer {
  private IppoServer() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse("IppoServer", args);
    WebSocketServer server = WebSocketServer.builder()
        .host(BenchArgs.HOST)
        .port(a.port())
        .eventLoops(1)
        .maxPayload(BenchArgs.MAX_MESSAGE)
        .build();
    if (a.mode() == BenchArgs.Mode.ECHO) {
      server.onConnection((ws, request) -> ws.onMessage(e -> {
        if (e.isText()) {
          ws.send(e.text());
        } else {
          ws.send(e.bytes());
        }
      }));
    } else {
      server.onConnection((ws, request) -> ws.onMessage(e -> {
        if (e.isText()) {
          server.broadcast(e.text());
        } else {
          server.broadcast(e.bytes());
        }
      }));
    }
    server.start();
    a.announce(server.port());
    Thread.currentThread().join();
  }
}
