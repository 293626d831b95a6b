package dev.ippo.conformance;

import dev.ippo.PerMessageDeflate;
import dev.ippo.ServerOptions;
import dev.ippo.WebSocketServer;
import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * Ippo's echo server with permessage-deflate ({@code threshold(0)}: every echo is
 * compressed), in-process on 127.0.0.1. Three servers, one per path the deflate suite uses:
 * {@code /} with the defaults, {@code /small} with a maxPayload of 64 KiB and
 * {@code /client-window-10}, which limits the client's window to 10 bits.
 *
 * <p>Thread safe.
 */
final class IppoDeflateEchoTarget implements ServerTarget {
  private final WebSocketServer main;
  private final WebSocketServer small;
  private final WebSocketServer clientWindow10;

  private IppoDeflateEchoTarget(WebSocketServer main, WebSocketServer small,
      WebSocketServer clientWindow10) {
    this.main = main;
    this.small = small;
    this.clientWindow10 = clientWindow10;
  }

  static IppoDeflateEchoTarget start() throws IOException {
    WebSocketServer main = start(b -> b, PerMessageDeflate.builder());
    WebSocketServer small = null;
    try {
      small = start(b -> b.maxPayload(DeflateViolationCases.MAX_PAYLOAD),
          PerMessageDeflate.builder());
      WebSocketServer window = start(b -> b, PerMessageDeflate.builder().clientMaxWindowBits(10));
      return new IppoDeflateEchoTarget(main, small, window);
    } catch (IOException | RuntimeException e) {
      main.close();
      if (small != null) {
        small.close();
      }
      throw e;
    }
  }

  private static WebSocketServer start(UnaryOperator<ServerOptions.Builder> options,
      PerMessageDeflate.Builder deflate) throws IOException {
    WebSocketServer server = options.apply(WebSocketServer.builder().port(0).host("127.0.0.1")
        .perMessageDeflate(deflate.threshold(0).build())).build();
    server.onConnection((ws, request) -> ws.onMessage(e -> {
      if (e.isText()) {
        ws.send(e.text());
      } else {
        ws.send(e.bytes());
      }
    }));
    return server.start();
  }

  @Override
  public String name() {
    return "ippo-deflate";
  }

  @Override
  public String host() {
    return "127.0.0.1";
  }

  @Override
  public int port() {
    return main.port();
  }

  @Override
  public int port(String path) {
    return switch (path) {
      case DeflateViolationCases.SMALL -> small.port();
      case DeflateParameterCases.CLIENT_WINDOW_10 -> clientWindow10.port();
      default -> main.port();
    };
  }

  @Override
  public void close() {
    main.close();
    small.close();
    clientWindow10.close();
  }
}
