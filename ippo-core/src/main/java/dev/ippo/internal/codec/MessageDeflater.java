package dev.ippo.internal.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses the messages one end sends, as permessage-deflate wants them (RFC 7692
 * section 7.2.1): raw deflate ended by a sync flush, without the final {@code 00 00 ff ff}.
 *
 * <p>The {@link Deflater} (about 256 KiB of native memory) is made on the first message
 * that is compressed, not before, so an idle connection holds none. With context takeover
 * it then lives until {@link #close()}; without, it is handed back to {@code pool} after
 * every message. A window under 15 bits is honoured as {@link DeflateNegotiation} explains:
 * each message alone, and only messages no longer than the window.
 *
 * <p>Thread safe without context takeover (each message borrows its own deflater); with it,
 * the caller passes one message at a time, in the order they go out.
 */
public final class MessageDeflater implements AutoCloseable {
  private static final byte[] NO_INPUT = new byte[0];

  private final ZlibPool pool;
  private final boolean noContextTakeover;
  private final int maxCompressedLength;
  private Deflater deflater;
  private boolean closed;

  /**
   * @param pool where deflaters come from, and go back to when no context is kept
   * @param noContextTakeover whether each message starts with an empty window
   * @param windowBits the window the peer allows, 8 to 15
   */
  public MessageDeflater(ZlibPool pool, boolean noContextTakeover, int windowBits) {
    boolean smallWindow = windowBits < DeflateParameters.MAX_WINDOW_BITS;
    this.pool = pool;
    this.noContextTakeover = noContextTakeover || smallWindow;
    this.maxCompressedLength = smallWindow ? 1 << windowBits : Integer.MAX_VALUE;
  }

  /**
   * Whether a message of {@code length} bytes may be compressed at all (with a window under
   * 15 bits only short ones may).
   */
  public boolean accepts(int length) {
    return length <= maxCompressedLength;
  }

  /** Whether this deflater holds a window between messages: then messages must go through it one at a time, in order. */
  public boolean keepsContext() {
    return !noContextTakeover;
  }

  /**
   * The compressed form of the remaining bytes of {@code payload} (its position does not
   * move), in a new array of its exact size.
   *
   * @throws IllegalStateException after {@link #close()}, or for a message {@link #accepts}
   *     refuses
   */
  public byte[] compress(ByteBuffer payload) {
    if (!accepts(payload.remaining())) {
      throw new IllegalStateException("message longer than the window: " + payload.remaining());
    }
    if (noContextTakeover) {
      Deflater d = pool.takeDeflater();
      try {
        return deflate(d, payload.duplicate());
      } finally {
        pool.give(d);
      }
    }
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (deflater == null) {
      deflater = pool.takeDeflater();
    }
    return deflate(deflater, payload.duplicate());
  }

  private static byte[] deflate(Deflater d, ByteBuffer input) {
    d.setInput(input);
    // Room for the input plus deflate's worst-case growth, so one call usually does it.
    byte[] out = new byte[input.remaining() + (input.remaining() >> 6) + 64];
    int length = 0;
    while (true) {
      length += d.deflate(out, length, out.length - length, Deflater.SYNC_FLUSH);
      if (length < out.length) {
        break; // all input taken and flushed: deflate stopped short of the end of out
      }
      out = Arrays.copyOf(out, out.length * 2);
    }
    // Let go of the message: a deflater kept for its context would hold it till the next.
    d.setInput(NO_INPUT);
    // A sync flush ends with an empty stored block, 00 00 ff ff, which the RFC leaves off.
    return Arrays.copyOf(out, length - 4);
  }

  /** Ends the deflater now (its native memory goes at once, not with the garbage). */
  @Override
  public void close() {
    closed = true;
    Deflater d = deflater;
    deflater = null;
    if (d != null) {
      d.end();
    }
  }
}
