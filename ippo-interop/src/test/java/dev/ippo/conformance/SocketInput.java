package dev.ippo.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a raw peer reads from its socket: first an HTTP head, then frames. Bytes are kept in
 * a buffer of its own, so a read that times out in the middle of a frame loses nothing and
 * can be retried later.
 *
 * <p>Not thread safe: one reader thread.
 */
final class SocketInput {
  private final Socket socket;
  private final InputStream in;
  private byte[] buf = new byte[64 * 1024];
  private int length;
  private boolean eof;

  SocketInput(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  /**
   * The HTTP head up to and including the blank line, as ISO-8859-1 text.
   *
   * @throws SocketTimeoutException when the deadline passes first
   * @throws IOException when the peer closes before the head ends
   */
  String readHead(long deadlineNanos, int maxBytes) throws IOException {
    while (true) {
      int end = indexOfBlankLine();
      if (end >= 0) {
        String head = new String(buf, 0, end, StandardCharsets.ISO_8859_1);
        consume(end);
        return head;
      }
      if (length > maxBytes) {
        throw new IOException("HTTP head longer than " + maxBytes + " bytes");
      }
      if (!fill(deadlineNanos)) {
        throw new IOException("connection closed before the end of the HTTP head; got: "
            + new String(buf, 0, length, StandardCharsets.ISO_8859_1));
      }
    }
  }

  /**
   * The next frame, or null when the peer closed the TCP connection (a reset counts as a
   * close) at a frame boundary.
   *
   * @throws SocketTimeoutException when the deadline passes before a whole frame arrives
   * @throws IOException when the connection ends in the middle of a frame
   */
  Frame nextFrame(long deadlineNanos) throws IOException {
    while (true) {
      FrameCodec.Parsed parsed;
      try {
        parsed = FrameCodec.parse(buf, length);
      } catch (IllegalStateException e) {
        throw new IOException(e.getMessage());
      }
      if (parsed != null) {
        consume(parsed.consumed());
        return parsed.frame();
      }
      if (!fill(deadlineNanos)) {
        if (length == 0) {
          return null;
        }
        throw new IOException("connection closed in the middle of a frame (" + length
            + " bytes of it read)");
      }
    }
  }

  /**
   * Whether the peer closed the connection with nothing more to read, waiting until the
   * deadline; false when bytes arrived instead.
   */
  boolean awaitEof(long deadlineNanos) throws IOException {
    return length == 0 && !fill(deadlineNanos);
  }

  /** Drops the bytes read but not yet taken. */
  void skipBuffered() {
    length = 0;
  }

  private boolean fill(long deadlineNanos) throws IOException {
    if (eof) {
      return false;
    }
    long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
    if (remainingMillis <= 0) {
      throw new SocketTimeoutException("deadline passed");
    }
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
    if (length == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n;
    try {
      n = in.read(buf, length, buf.length - length);
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (SocketException e) {
      // A reset after the peer is done is its way of closing: treat it as the end.
      eof = true;
      return false;
    }
    if (n < 0) {
      eof = true;
      return false;
    }
    length += n;
    return true;
  }

  private void consume(int n) {
    System.arraycopy(buf, n, buf, 0, length - n);
    length -= n;
    if (buf.length > 1024 * 1024 && length < 64 * 1024) {
      buf = Arrays.copyOf(buf, 64 * 1024);
    }
  }

  private int indexOfBlankLine() {
    for (int i = 3; i < length; i++) {
      if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }
}
