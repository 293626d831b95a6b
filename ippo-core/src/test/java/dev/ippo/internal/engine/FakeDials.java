package dev.ippo.internal.engine;

import dev.ippo.http.Headers;
import dev.ippo.internal.codec.Role;
import dev.ippo.internal.codec.WebSocketProtocol;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client connections whose every dial gets a new {@link FakeTransport} on the test's
 * {@link ManualLoop}, so a test plays the server of each attempt: it accepts or refuses the
 * handshake, talks, closes or drops. For the tests of a reconnecting client, which makes one
 * connection after another.
 *
 * <p>Driven on the loop's thread, the test's.
 */
public final class FakeDials {
  private static final Pattern KEY = Pattern.compile("Sec-WebSocket-Key: (\\S+)\r\n");

  private final ManualLoop loop;
  /** Every transport dialled, in order. Loop thread. */
  private final List<FakeTransport> dialled = new ArrayList<>();

  public FakeDials(ManualLoop loop) {
    this.loop = loop;
  }

  /** A client connection to {@code url} that dials a new fake; not started. */
  public Connection client(URI url, ConnectionSettings settings) {
    return Connection.client(new ClientConnector.Target(url, List.of(), new Headers()), loop,
        (address, handler) -> {
          FakeTransport t = new FakeTransport();
          t.handler(handler);
          dialled.add(t);
          return t;
        }, () -> 0x01020304, settings);
  }

  /**
   * The {@code n}-th transport dialled (1 for the first), waiting, bounded, for the name
   * look-up that goes before each dial off the loop thread.
   */
  public FakeTransport dial(int n) throws InterruptedException {
    while (dialled.size() < n) {
      loop.awaitTask(5);
    }
    return dialled.get(n - 1);
  }

  /** How many dials were made so far. */
  public int dials() {
    return dialled.size();
  }

  /** The server completes the opening handshake on {@code t}: the connection opens. */
  public static void accept(FakeTransport t) {
    t.connected();
    Matcher key = KEY.matcher(new String(t.written(), StandardCharsets.ISO_8859_1));
    if (!key.find()) {
      throw new AssertionError("no handshake request was written");
    }
    t.forgetWritten();
    t.receive(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Accept: "
        + WebSocketProtocol.acceptKey(key.group(1)) + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The server answers the opening handshake on {@code t} with {@code head}, as given. */
  public static void answer(FakeTransport t, String head) {
    t.connected();
    t.receive(head.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** The server sends a text message on {@code t}. */
  public static void serverSends(FakeTransport t, String text) {
    t.receive(Wire.fromServer(WebSocketProtocol.OPCODE_TEXT,
        text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The server sends a close frame on {@code t}, then ends the TCP connection: a clean close. */
  public static void serverCloses(FakeTransport t, int code) {
    t.receive(Wire.fromServer(WebSocketProtocol.OPCODE_CLOSE, Wire.close(code, "")));
    t.peerDropped();
  }

  /** What the client sent on {@code t} since its handshake: {@code text:hi}, {@code close:1000:}. */
  public static List<String> sent(FakeTransport t) {
    return Wire.frames(t.written(), Role.CLIENT);
  }
}
