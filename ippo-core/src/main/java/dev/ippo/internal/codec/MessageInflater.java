package dev.ippo.internal.codec;

import dev.ippo.ProtocolError;
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
 * <p>Not thread safe: one message at a time, its pieces in order.
 */
public final class MessageInflater implements AutoCloseable {
  private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};
  private static final byte[] NO_INPUT = new byte[0];

  private final ZlibPool pool;
  private final boolean noContextTakeover;
  private Inflater inflater;
  /** The message being inflated, and how much of it is filled; null between messages. */
  private byte[] out;
  private int length;
  /** Compressed bytes fed to the message not yet finished. */
  private long fedToMessage;
  /** Compressed bytes of finished messages, and what they inflated to, not yet taken. */
  private long compressedUntaken;
  private long inflatedUntaken;

  /**
   * @param pool where inflaters come from, and go back to when no context is kept
   * @param noContextTakeover whether the peer starts each message with an empty window
   */
  public MessageInflater(ZlibPool pool, boolean noContextTakeover) {
    this.pool = pool;
    this.noContextTakeover = noContextTakeover;
  }

  /**
   * The inflated message, in a new array of its exact size: {@link #feed} then
   * {@link #finish}. The remaining bytes of {@code compressed} are consumed.
   *
   * @throws ProtocolException {@link ProtocolError#MESSAGE_TOO_BIG} past {@code maxLength}
   *     bytes, {@link ProtocolError#INVALID_COMPRESSED_DATA} when the data is not deflate
   */
  public byte[] inflate(ByteBuffer compressed, long maxLength) throws ProtocolException {
    feed(compressed, maxLength);
    return finish(maxLength);
  }

  /**
   * Inflates one piece of the message (a frame, as it arrives), so that a message past
   * {@code maxLength} is refused before its last frame. Consumes {@code compressed}.
   *
   * @throws ProtocolException as {@link #inflate} does; the message is then abandoned
   */
  public void feed(ByteBuffer compressed, long maxLength) throws ProtocolException {
    fedToMessage += compressed.remaining();
    inflateAll(compressed, maxLength);
  }

  /**
   * Ends the message: inflates the {@code 00 00 ff ff} the sender left off and returns
   * everything fed since the last message, in a new array of its exact size.
   *
   * @throws ProtocolException as {@link #inflate} does
   */
  public byte[] finish(long maxLength) throws ProtocolException {
    inflateAll(ByteBuffer.wrap(TAIL), maxLength);
    byte[] message = out == null ? new byte[0]
        : length == out.length ? out : Arrays.copyOf(out, length);
    out = null;
    length = 0;
    compressedUntaken += fedToMessage;
    fedToMessage = 0;
    inflatedUntaken += message.length;
    Inflater i = inflater;
    if (noContextTakeover) {
      inflater = null;
      pool.give(i);
    } else if (i.finished()) {
      i.reset(); // the peer ended its stream (BFINAL): the next message starts a new one
    }
    return message;
  }

  /** Lets go of a message not finished (the reader stopped for good). */
  public void abandon() {
    out = null;
    length = 0;
    fedToMessage = 0;
  }

  /**
   * The compressed bytes of the messages finished since the last call, and zero from now:
   * what the counters of the connection's traffic add.
   */
  public long takeCompressedBytes() {
    long n = compressedUntaken;
    compressedUntaken = 0;
    return n;
  }

  /**
   * What the messages finished since the last call inflated to, and zero from now: as
   * {@link #takeCompressedBytes}.
   */
  public long takeInflatedBytes() {
    long n = inflatedUntaken;
    inflatedUntaken = 0;
    return n;
  }

  /** The bytes of output it holds for a message not yet finished; 0 between messages. */
  public long heldBytes() {
    return out == null ? 0 : out.length;
  }

  private void inflateAll(ByteBuffer input, long maxLength) throws ProtocolException {
    Inflater i = inflater;
    if (i == null) {
      i = pool.takeInflater();
      inflater = i;
    }
    int max = (int) Math.min(maxLength, Integer.MAX_VALUE - 9);
    try {
      inflateAll(i, input, max);
    } catch (ProtocolException e) {
      out = null;
      length = 0;
      inflater = null;
      pool.give(i);
      throw e;
    }
    input.position(input.limit());
  }

  /** Inflates all of {@code input} onto the message, growing it up to one byte past max. */
  private void inflateAll(Inflater i, ByteBuffer input, int max) throws ProtocolException {
    if (i.finished()) {
      return; // the stream ended (BFINAL) earlier in this message; the rest means nothing
    }
    i.setInput(input);
    if (out == null) {
      out = new byte[(int) Math.min(Math.max(256L, 4L * input.remaining()), max + 1L)];
    }
    try {
      while (!i.finished()) {
        if (length == out.length) {
          if (length > max) {
            throw tooBig(max);
          }
          out = Arrays.copyOf(out, (int) Math.min(2L * out.length, max + 1L));
        }
        int n = i.inflate(out, length, out.length - length);
        length += n;
        if (n == 0) {
          if (i.needsDictionary()) {
            throw new ProtocolException(ProtocolError.INVALID_COMPRESSED_DATA,
                "Compressed message asks for a preset dictionary");
          }
          if (i.needsInput()) {
            break;
          }
          if (length < out.length) {
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
    if (length > max) {
      throw tooBig(max);
    }
    // Let go of the input (maybe a read buffer): an inflater kept for its context would
    // hold it till the next message.
    if (i.needsInput()) {
      i.setInput(NO_INPUT);
    }
  }

  private static ProtocolException tooBig(int max) {
    return new ProtocolException(ProtocolError.MESSAGE_TOO_BIG,
        "Message inflates past " + max + " bytes");
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
