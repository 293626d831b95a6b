package dev.ippo.internal.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Collects the bytes of an HTTP head (everything up to and including the first empty line,
 * CRLF CRLF; a bare LF does not end it) from buffers in any split, within a size limit.
 *
 * <p>Holds the bytes it has seen until the head is complete, then starts over, so one reader
 * can read several heads in a row. Not thread safe.
 */
public final class HttpHeadReader {
  private static final int INITIAL_CAPACITY = 512;

  private final int maxHeadBytes;
  private byte[] bytes;
  private int size;

  /** How many bytes of CR LF CR LF the last bytes read match. */
  private int matched;

  /** @param maxHeadBytes the largest head accepted; a longer one fails with 431 */
  public HttpHeadReader(int maxHeadBytes) {
    if (maxHeadBytes < 4) {
      throw new IllegalArgumentException("maxHeadBytes < 4: " + maxHeadBytes);
    }
    this.maxHeadBytes = maxHeadBytes;
  }

  /**
   * Takes bytes from {@code src} up to the end of the head. Returns the whole head (ending
   * in CRLF CRLF) once it is complete, leaving {@code src}'s position just after it, so
   * what follows (the first frames) stays in {@code src}; returns null while more bytes are
   * needed, having consumed all of {@code src}.
   *
   * @throws HandshakeException 431 when the head exceeds the limit
   */
  public ByteBuffer read(ByteBuffer src) throws HandshakeException {
    int start = src.position();
    int limit = src.limit();
    int i = start;
    int m = matched;
    while (i < limit && m < 4) {
      byte b = src.get(i++);
      if (b == '\r') {
        m = (m == 0 || m == 2) ? m + 1 : 1;
      } else if (b == '\n' && (m == 1 || m == 3)) {
        m++;
      } else {
        m = 0;
      }
      if (size + (i - start) > maxHeadBytes) {
        src.position(limit);
        throw new HandshakeException(
            431, "Request Header Fields Too Large: head over " + maxHeadBytes + " bytes");
      }
    }
    matched = m;
    if (m == 4 && bytes == null) {
      // The usual case, a head in one read: one array of its exact size, nothing to grow.
      byte[] head = new byte[i - start];
      src.get(start, head);
      src.position(i);
      matched = 0;
      return ByteBuffer.wrap(head);
    }
    append(src, start, i - start);
    src.position(i);
    if (m < 4) {
      return null;
    }
    ByteBuffer head = ByteBuffer.wrap(Arrays.copyOf(bytes, size));
    bytes = null;
    size = 0;
    matched = 0;
    return head;
  }

  private void append(ByteBuffer src, int from, int n) {
    if (bytes == null) {
      bytes = new byte[Math.min(maxHeadBytes, Math.max(INITIAL_CAPACITY, n))];
    } else if (bytes.length < size + n) {
      int capacity = (int) Math.min(maxHeadBytes, Math.max(size + n, 2L * bytes.length));
      bytes = Arrays.copyOf(bytes, capacity);
    }
    src.get(from, bytes, size, n);
    size += n;
  }
}
