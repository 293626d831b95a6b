package dev.ippo.bench.servers;

import dev.ippo.PerMessageDeflate;
import dev.ippo.ServerTls;
import dev.ippo.WebSocketServer;

/**
 * Ippo's bench server: one event loop, broadcast through {@link WebSocketServer#broadcast},
 * which frames each message once for all receivers. Compression is off unless a third
 * argument, {@code deflate}, turns permessage-deflate on with {@link PerMessageDeflate#DEFAULTS}
 * ({@code bench/deflate}); {@code bench/run} compares the servers without it. With
 * {@code tls DIR} it serves {@code wss://} from the PEM files there.
 *
 * <p>Runs until killed. Callbacks run on the one loop thread.
 */
public final class IppoServer {
  private IppoServer() {}

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse("IppoServer", args, true);
    WebSocketServer server = WebSocketServer.builder()
        .host(BenchArgs.HOST)
        .port(a.port())
        .eventLoops(1)
        .maxPayload(BenchArgs.MAX_MESSAGE)
        .perMessageDeflate(a.deflate() ? PerMessageDeflate.DEFAULTS : null)
        .tls(a.tls() == null ? null
            : ServerTls.fromPem(a.tls().certificate(), a.tls().key()))
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
