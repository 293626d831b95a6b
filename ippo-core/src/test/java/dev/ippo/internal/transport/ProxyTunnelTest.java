package dev.ippo.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ippo.internal.codec.ProxyException;
import dev.ippo.internal.codec.ProxyHandshake;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tunnel layer between a TCP connection to a proxy and the layer above, with no socket:
 * the test plays the TCP connection below and records what the layer above hears.
 */
class ProxyTunnelTest {
  private final Net net = new Net();
  private final Above above = new Above();
  private final ProxyTunnel tunnel = new ProxyTunnel(
      new ProxyHandshake("127.0.0.1:3128", "example.com:443", null), above);

  ProxyTunnelTest() {
    tunnel.over(net);
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void sendsConnectOnceUpThenOpensOnTheAnswerAndHandsOnWhatFollowsIt() {
    tunnel.onConnected();
    assertEquals("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
        net.written());
    assertEquals(List.of(), above.events, "nothing is connected before the proxy answers");
    tunnel.onRead(ascii("HTTP/1.1 200 Connection established\r\n"));
    tunnel.onRead(ascii("\r\nserver hello"));
    tunnel.onRead(ascii("more"));
    assertEquals(List.of("connected", "read server hello", "read more"), above.events);

    tunnel.write(ascii("client bytes"));
    assertTrue(net.written().endsWith("\r\n\r\nclient bytes"), net.written());
    tunnel.onDrained();
    net.end(null);
    assertEquals(List.of("connected", "read server hello", "read more", "drained",
        "closed null"), above.events);
  }

  @Test
  void aRefusalClosesTheConnectionAndEndsTheLayerAboveOnceWithTheProxysWords() {
    tunnel.onConnected();
    tunnel.onRead(ascii("HTTP/1.1 403 Forbidden\r\n\r\n"));
    assertTrue(net.closed);
    assertEquals(1, above.causes.size(), above.events::toString);
    ProxyException e = assertInstanceOf(ProxyException.class, above.causes.get(0));
    assertEquals(403, e.status());
    assertEquals("the proxy 127.0.0.1:3128 refused CONNECT to example.com:443:"
        + " HTTP 403 Forbidden", e.getMessage());
    assertEquals(List.of("closed " + e.getMessage()), above.events, "never connected");
  }

  @Test
  void aProxyOutOfReachIsNamed() {
    net.end(new ConnectException("Connection refused"));
    assertEquals(List.of("closed cannot connect to proxy 127.0.0.1:3128: Connection refused"),
        above.events);
    assertInstanceOf(ConnectException.class, above.causes.get(0).getCause());
  }

  @Test
  void aProxyThatHangsUpBeforeAnsweringIsNamed() {
    tunnel.onConnected();
    tunnel.onRead(ascii("HTTP/1.1 200"));
    net.end(null);
    assertEquals(List.of("closed the proxy 127.0.0.1:3128 closed the connection before"
        + " answering CONNECT to example.com:443"), above.events);
  }

  /** The layer above: records what it hears, in order. */
  private static final class Above implements Transport.Handler {
    final List<String> events = new ArrayList<>();
    final List<Exception> causes = new ArrayList<>();

    @Override
    public void onConnected() {
      events.add("connected");
    }

    @Override
    public void onRead(ByteBuffer data) {
      events.add("read " + StandardCharsets.ISO_8859_1.decode(data));
    }

    @Override
    public void onDrained() {
      events.add("drained");
    }

    @Override
    public void onClosed(Exception cause) {
      causes.add(cause);
      events.add("closed " + (cause == null ? null : cause.getMessage()));
    }
  }

  /** The TCP connection below: keeps what is written, tells its handler of its end once. */
  private final class Net implements Transport {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean closed;

    String written() {
      return out.toString(StandardCharsets.ISO_8859_1);
    }

    void end(Exception cause) {
      if (!closed) {
        closed = true;
        tunnel.onClosed(cause);
      }
    }

    @Override
    public void handler(Handler handler) {}

    @Override
    public void write(ByteBuffer buf) {
      byte[] bytes = new byte[buf.remaining()];
      buf.get(bytes);
      out.writeBytes(bytes);
    }

    @Override
    public void closeAfterWrites() {
      end(null);
    }

    @Override
    public void close() {
      end(null);
    }

    @Override
    public void setReading(boolean on) {}

    @Override
    public long queuedBytes() {
      return 0;
    }

    @Override
    public boolean isWaitingForPeer() {
      return false;
    }

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return null;
    }
  }
}
