package dev.ippo.internal.engine;

import dev.ippo.SlowConsumerPolicy;
import dev.ippo.internal.codec.FrameWriter;
import java.nio.ByteBuffer;

/**
 * One broadcast's message and the frames encoded once for all its receivers, each made on
 * first need: the plain frame, and the frame deflated alone (for receivers whose
 * permessage-deflate keeps no server context). Used by one broadcasting thread.
 */
public final class SharedFrames {
  private final int opcode;
  private final ByteBuffer payload;
  /** What a slow receiver gets: this publish's own policy, or null for its server's. */
  private final SlowConsumerPolicy policy;
  private ByteBuffer plain;
  private ByteBuffer compressed;

  /**
   * A message of {@code opcode} (text or binary); the array must not change afterward.
   *
   * @param policy for receivers over their highWaterMark, or null for their server's
   */
  public SharedFrames(int opcode, byte[] payload, SlowConsumerPolicy policy) {
    this.opcode = opcode;
    this.payload = ByteBuffer.wrap(payload).asReadOnlyBuffer();
    this.policy = policy;
  }

  SlowConsumerPolicy policy() {
    return policy;
  }

  int opcode() {
    return opcode;
  }

  /** The message's bytes; read it through a duplicate or not move its position. */
  ByteBuffer payload() {
    return payload;
  }

  ByteBuffer plain() {
    if (plain == null) {
      plain = FrameWriter.frame(opcode, true, false, payload, false, 0).asReadOnlyBuffer();
    }
    return plain;
  }

  ByteBuffer compressed(DeflateConfig config) {
    if (compressed == null) {
      compressed = MessageCompression.sharedFrame(config, opcode, payload).asReadOnlyBuffer();
    }
    return compressed;
  }
}
