package dev.ippo.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay on 127.0.0.1 in front of a WebSocket server that counts the bytes crossing
 * each way and reads the frame headers among them, after the HTTP head: what a message
 * really cost on the wire, and whether it went compressed (RSV1).
 *
 * <p>Thread safe: two pump threads per connection fill it, the test reads it. A byte is
 * counted before it is passed on, so once an end has received something, it is counted.
 */
final class CountingRelay implements AutoCloseable {
  /** One frame's header: the FIN and RSV1 bits, the opcode and the payload length. */
  record Frame(boolean fin, boolean rsv1, int opcode, long length) {
    boolean isData() {
      return opcode <= 2;
    }
  }

  /** One connection through the relay. */
  record Link(Direction toServer, Direction toClient) {}

  private final ServerSocket listener;
  private final int targetPort;
  private final BlockingQueue<Link> links = new LinkedBlockingQueue<>();
  private final List<Socket> sockets = new ArrayList<>();

  private CountingRelay(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "relay-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** A relay to {@code targetPort} on 127.0.0.1, listening on a free port. */
  static CountingRelay start(int targetPort) throws IOException {
    return new CountingRelay(targetPort);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** The next connection made through the relay, waiting up to {@code seconds}. */
  Link nextLink(long seconds) throws InterruptedException {
    Link link = links.poll(seconds, TimeUnit.SECONDS);
    if (link == null) {
      throw new AssertionError("no connection through the relay within " + seconds + " s");
    }
    return link;
  }

  private void acceptLoop() {
    try {
      while (true) {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        synchronized (sockets) {
          sockets.add(client);
          sockets.add(server);
        }
        Link link = new Link(new Direction(), new Direction());
        pump(client, server, link.toServer, "relay-to-server");
        pump(server, client, link.toClient, "relay-to-client");
        links.add(link);
      }
    } catch (IOException closed) {
      // the relay was closed
    }
  }

  private static void pump(Socket from, Socket to, Direction counter, String name) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = from.getInputStream()) {
        OutputStream out = to.getOutputStream();
        for (int n; (n = in.read(buffer)) != -1; ) {
          counter.feed(buffer, n);
          out.write(buffer, 0, n);
        }
        to.shutdownOutput();
      } catch (IOException ended) {
        // either end went away
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    synchronized (sockets) {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  /** The bytes of one direction of one connection: the HTTP head, then frames. */
  static final class Direction {
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private boolean inHead = true;
    /** How many bytes of HEAD_END the head ends with so far. */
    private int headEndMatched;
    private long bytes;
    private final List<Frame> frames = new ArrayList<>();
    private final byte[] header = new byte[14];
    private int headerLength;
    private long payloadLeft;

    /** Every byte that crossed this way, head included. */
    synchronized long bytes() {
      return bytes;
    }

    /** The HTTP head that crossed this way, as text. */
    synchronized String head() {
      return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The frames seen so far. */
    synchronized List<Frame> frames() {
      return List.copyOf(frames);
    }

    /** The text, binary and continuation frames seen so far. */
    synchronized List<Frame> dataFrames() {
      return frames.stream().filter(Frame::isData).toList();
    }

    synchronized void feed(byte[] buffer, int length) {
      bytes += length;
      int i = 0;
      while (i < length) {
        if (inHead) {
          byte b = buffer[i++];
          head.write(b);
          headEndMatched = b == HEAD_END[headEndMatched] ? headEndMatched + 1 : b == '\r' ? 1 : 0;
          inHead = headEndMatched < HEAD_END.length;
        } else if (payloadLeft > 0) {
          int skip = (int) Math.min(payloadLeft, length - i);
          payloadLeft -= skip;
          i += skip;
        } else {
          header[headerLength++] = buffer[i++];
          readHeader();
        }
      }
    }

    /** Records the frame once its whole header is in; its payload is then skipped. */
    private void readHeader() {
      if (headerLength < 2) {
        return;
      }
      int length7 = header[1] & 0x7f;
      boolean masked = (header[1] & 0x80) != 0;
      int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
      if (headerLength < 2 + extended + (masked ? 4 : 0)) {
        return;
      }
      long length = length7;
      if (extended > 0) {
        length = 0;
        for (int k = 0; k < extended; k++) {
          length = (length << 8) | (header[2 + k] & 0xff);
        }
      }
      frames.add(new Frame((header[0] & 0x80) != 0, (header[0] & 0x40) != 0, header[0] & 0x0f,
          length));
      payloadLeft = length;
      headerLength = 0;
    }
  }
}
