package dev.ippo.internal.codec;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Raw deflaters (at one compression level) and inflaters, reset and kept for messages that
 * take over no context: such connections then hold none between messages, and none is made
 * per message. At most {@code capacity} idle ones of each kind are kept; the rest are ended
 * at once. Thread safe.
 */
public final class ZlibPool {
  private final int level;
  private final ArrayBlockingQueue<Deflater> deflaters;
  private final ArrayBlockingQueue<Inflater> inflaters;

  /**
   * @param level 0 (store) to 9 (smallest), or {@link Deflater#DEFAULT_COMPRESSION} (6)
   * @param capacity idle deflaters, and idle inflaters, kept at most
   */
  public ZlibPool(int level, int capacity) {
    if ((level < 0 || level > 9) && level != Deflater.DEFAULT_COMPRESSION) {
      throw new IllegalArgumentException("compression level must be 0 to 9, not " + level);
    }
    this.level = level;
    this.deflaters = new ArrayBlockingQueue<>(Math.max(1, capacity));
    this.inflaters = new ArrayBlockingQueue<>(Math.max(1, capacity));
  }

  /** A deflater with an empty window: an idle one, or a new one. */
  public Deflater takeDeflater() {
    Deflater d = deflaters.poll();
    return d != null ? d : new Deflater(level, true);
  }

  /** Takes back a deflater: reset and kept, or ended when enough are kept. */
  public void give(Deflater d) {
    d.reset();
    if (!deflaters.offer(d)) {
      d.end();
    }
  }

  /** An inflater with an empty window: an idle one, or a new one. */
  public Inflater takeInflater() {
    Inflater i = inflaters.poll();
    return i != null ? i : new Inflater(true);
  }

  /** Takes back an inflater: reset and kept, or ended when enough are kept. */
  public void give(Inflater i) {
    i.reset();
    if (!inflaters.offer(i)) {
      i.end();
    }
  }
}
