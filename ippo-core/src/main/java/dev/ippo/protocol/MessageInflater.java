package dev.ippo.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates the compressed messages one end receives (RFC 7692 section 7.2.2): the
 * payload, then the {@code 00 00 ff ff} the sender left off, through one raw inflater.
 *
 * <p>The output grows as it inflates and stops one byte past the limit, so a small message
 * that would inflate to gigabytes costs no more than the limit before it is refused. The
 * {@link Inflater} (about 40 KiB of native memory) is made on the first compressed message;
 * with context takeover it lives until {@link #close()}, without it goes back to
 * {@code pool} after every message.
 *
 * <p>Not thread safe: one message at a time, in order.
 */
public final class MessageInflater implements AutoCloseable {
  private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

  private final ZlibPool pool;
  private final boolean noContextTakeover;
  private Inflater inflater;

  /**
   * @param pool where inflaters come from, and go back to when no context is kept
   * @param noContextTakeover whether the peer starts each message with an empty window
   */
  public MessageInflater(ZlibPool pool, boolean noContextTakeover) {
    this.pool = pool;
    this.noContextTakeover = noContextTakeover;
  }

  /**
   * The inflated message, in a new array of its exact size. The remaining bytes of
   * {@code compressed} are consumed.
   *
   * @throws ProtocolException {@link ProtocolError#MESSAGE_TOO_BIG} past {@code maxLength}
   *     bytes, {@link ProtocolError#INVALID_COMPRESSED_DATA} when the data is not deflate
   */
  public byte[] inflate(ByteBuffer compressed, long maxLength) throws ProtocolException {
    Inflater i = inflater;
    if (i == null) {
      i = pool.takeInflater();
      inflater = i;
    }
    boolean done = false;
    try {
      byte[] out = inflateAll(i, compressed, (int) Math.min(maxLength, Integer.MAX_VALUE - 9));
      done = true;
      return out;
    } finally {
      if (noContextTakeover || !done) {
        inflater = null;
        pool.give(i);
      } else if (i.finished()) {
        i.reset(); // the peer ended its stream (BFINAL): the next message starts a new one
      }
    }
  }

  private static byte[] inflateAll(Inflater i, ByteBuffer compressed, int maxLength)
      throws ProtocolException {
    i.setInput(compressed);
    byte[] out = new byte[(int) Math.min(Math.max(256L, 4L * compressed.remaining()),
        maxLength + 1L)];
    int length = 0;
    boolean tailGiven = false;
    try {
      while (!i.finished()) {
        if (length == out.length) {
          if (length > maxLength) {
            throw new ProtocolException(ProtocolError.MESSAGE_TOO_BIG,
                "Message inflates past " + maxLength + " bytes");
          }
          out = Arrays.copyOf(out, (int) Math.min(2L * out.length, maxLength + 1L));
        }
        int n = i.inflate(out, length, out.length - length);
        length += n;
        if (n == 0) {
          if (i.needsDictionary()) {
            throw new ProtocolException(ProtocolError.INVALID_COMPRESSED_DATA,
                "Compressed message asks for a preset dictionary");
          }
          if (i.needsInput()) {
            if (tailGiven) {
              break;
            }
            tailGiven = true;
            i.setInput(TAIL);
          } else if (length < out.length) {
            // No progress with room and input left: never loop on it.
            throw new ProtocolException(ProtocolError.INVALID_COMPRESSED_DATA,
                "Compressed message makes no progress");
          }
        }
      }
    } catch (DataFormatException e) {
      throw new ProtocolException(ProtocolError.INVALID_COMPRESSED_DATA,
          "Compressed message does not inflate: " + e.getMessage());
    }
    if (length > maxLength) {
      throw new ProtocolException(ProtocolError.MESSAGE_TOO_BIG,
          "Message inflates past " + maxLength + " bytes");
    }
    compressed.position(compressed.limit());
    return length == out.length ? out : Arrays.copyOf(out, length);
  }

  /** Ends the inflater now (its native memory goes at once, not with the garbage). */
  @Override
  public void close() {
    Inflater i = inflater;
    inflater = null;
    if (i != null) {
      i.end();
    }
  }
}
