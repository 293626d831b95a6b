package dev.ippo.internal.engine;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * Masking keys for client frames. RFC 6455 section 5.3 asks for keys a server cannot
 * predict, so they come from a strong source, fetched in batches to keep sends cheap.
 *
 * <p>Thread safe.
 */
final class MaskKeys {
  static final MaskKeys SHARED = new MaskKeys(new SecureRandom());

  private static final int BATCH = 256;
  private final SecureRandom random;
  private final ByteBuffer batch = ByteBuffer.allocate(BATCH * 4);

  MaskKeys(SecureRandom random) {
    this.random = random;
    batch.position(batch.limit());
  }

  synchronized int next() {
    if (!batch.hasRemaining()) {
      random.nextBytes(batch.array());
      batch.clear();
    }
    return batch.getInt();
  }
}
