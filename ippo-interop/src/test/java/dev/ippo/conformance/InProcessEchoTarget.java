package dev.ippo.conformance;

import dev.ippo.EchoFixture;
import dev.ippo.PerMessageDeflate;
import dev.ippo.WebSocketServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Ippo's own echo servers ({@link EchoFixture}), in-process on 127.0.0.1 and free ports: one
 * for {@code /}, and for the deflate suite one more per path that needs other options.
 *
 * <p>Thread safe.
 */
final class InProcessEchoTarget implements ServerTarget {
  private final String name;
  private final WebSocketServer main;
  private final Map<String, WebSocketServer> byPath;

  private InProcessEchoTarget(String name, WebSocketServer main,
      Map<String, WebSocketServer> byPath) {
    this.name = name;
    this.main = main;
    this.byPath = byPath;
  }

  /** One server with the default options. */
  static InProcessEchoTarget plain() throws IOException {
    return new InProcessEchoTarget("ippo", start(UnaryOperator.identity()), Map.of());
  }

  /**
   * permessage-deflate with {@code threshold(0)}, so that every echo is compressed: the
   * defaults on {@code /}, a maxPayload of 64 KiB on {@code /small}, and a client window
   * limited to 10 bits on {@code /client-window-10}.
   */
  static InProcessEchoTarget withDeflate() throws IOException {
    List<WebSocketServer> started = new ArrayList<>();
    try {
      WebSocketServer main = started(started, deflating(PerMessageDeflate.builder()));
      WebSocketServer small = started(started, b -> deflating(PerMessageDeflate.builder())
          .apply(b).maxPayload(DeflateViolationCases.MAX_PAYLOAD));
      WebSocketServer window = started(started,
          deflating(PerMessageDeflate.builder().clientMaxWindowBits(10)));
      return new InProcessEchoTarget("ippo-deflate", main, Map.of(
          DeflateViolationCases.SMALL, small, DeflateParameterCases.CLIENT_WINDOW_10, window));
    } catch (IOException | RuntimeException e) {
      started.forEach(WebSocketServer::close);
      throw e;
    }
  }

  private static UnaryOperator<WebSocketServer.Builder> deflating(PerMessageDeflate.Builder d) {
    return b -> b.perMessageDeflate(d.threshold(0).build());
  }

  private static WebSocketServer started(List<WebSocketServer> started,
      UnaryOperator<WebSocketServer.Builder> options) throws IOException {
    WebSocketServer server = start(options);
    started.add(server);
    return server;
  }

  private static WebSocketServer start(UnaryOperator<WebSocketServer.Builder> options)
      throws IOException {
    return EchoFixture.start(options.apply(WebSocketServer.builder().port(0).host("127.0.0.1")));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int port() {
    return main.port();
  }

  @Override
  public int port(String path) {
    WebSocketServer server = byPath.get(path);
    return server == null ? main.port() : server.port();
  }

  @Override
  public void close() {
    main.close();
    byPath.values().forEach(WebSocketServer::close);
  }
}
