package dev.ippo.internal.engine;

import dev.ippo.internal.codec.DeflateParameters;
import dev.ippo.internal.codec.FrameWriter;
import dev.ippo.internal.codec.MessageDeflater;
import dev.ippo.internal.codec.MessageInflater;
import dev.ippo.internal.codec.Role;
import dev.ippo.internal.transport.Loop;
import java.nio.ByteBuffer;

/**
 * One connection's permessage-deflate, as negotiated: which messages it compresses, its
 * deflater and inflater, and whether a broadcast compressed once fits it.
 */
final class MessageCompression {
  private final int threshold;
  private final MessageDeflater deflater;
  private final MessageInflater inflater;

  MessageCompression(DeflateConfig config, DeflateParameters agreed, Role role) {
    this.threshold = config.threshold();
    this.deflater = new MessageDeflater(config.pool(),
        agreed.noContextTakeoverWhenSending(role), agreed.sendingWindowBits(role));
    this.inflater = new MessageInflater(config.pool(), agreed.noContextTakeoverWhenReceiving(role));
  }

  /** Whether a message of {@code length} bytes goes compressed. */
  boolean compresses(int length) {
    return length >= threshold && deflater.accepts(length);
  }

  /**
   * Whether every message must pass through this connection's own deflater, one at a time
   * in the order sent (context takeover). Otherwise messages are compressed independently,
   * and a compressed message it {@link #compresses} may be a {@link #sharedFrame}.
   */
  boolean keepsContext() {
    return deflater.keepsContext();
  }

  /** A compressed frame (RSV1 set) of the remaining bytes of {@code payload}. */
  ByteBuffer frame(int opcode, ByteBuffer payload, boolean masked, int maskKey) {
    byte[] compressed = deflater.compress(payload);
    return FrameWriter.frame(opcode, true, true, ByteBuffer.wrap(compressed), masked, maskKey);
  }

  /**
   * A compressed frame deflated alone, for every connection that keeps no context: a
   * broadcast compressed once.
   */
  static ByteBuffer sharedFrame(DeflateConfig config, int opcode, ByteBuffer payload) {
    byte[] compressed = new MessageDeflater(config.pool(), true,
        DeflateParameters.MAX_WINDOW_BITS).compress(payload);
    return FrameWriter.frame(opcode, true, true, ByteBuffer.wrap(compressed), false, 0);
  }

  /** The inflater of the messages received, which the frame reader drives. */
  MessageInflater inflater() {
    return inflater;
  }

  /** Adds the compressed messages read since the last call to {@code traffic}. Loop thread. */
  void countInflated(TrafficCounters traffic, Loop loop) {
    long compressed = inflater.takeCompressedBytes();
    if (compressed > 0) {
      traffic.inflated(loop, compressed, inflater.takeInflatedBytes());
    }
  }

  /** Ends the deflater and inflater the connection holds, if any. */
  void close() {
    deflater.close();
    inflater.close();
  }
}
