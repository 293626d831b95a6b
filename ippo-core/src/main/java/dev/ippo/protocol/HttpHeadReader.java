package dev.ippo.protocol;

import java.nio.ByteBuffer;

/**
 * Collects the bytes of an HTTP head (everything up to and including the first empty line)
 * from buffers in any split, within a size limit.
 *
 * <p>Not thread safe.
 */
public final class HttpHeadReader {

  /** @param maxHeadBytes the largest head accepted; a longer one fails with 431 */
  public HttpHeadReader(int maxHeadBytes) {
    throw new UnsupportedOperationException("todo");
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
    throw new UnsupportedOperationException("todo");
  }
}
