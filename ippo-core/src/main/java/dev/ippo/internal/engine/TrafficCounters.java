package dev.ippo.internal.engine;

import dev.ippo.TrafficStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages and bytes as they go, each way: whole messages and their payload bytes, the
 * WebSocket bytes they took (frames, compressed or not, before TLS), and what
 * permessage-deflate made of the messages it compressed. A server's connections share one;
 * a client's connection has its own.
 *
 * <p>Adders, not locks: a send from any thread and a read on any loop count without waiting
 * for each other, and nothing is allocated per message. With the system property
 * {@code dev.ippo.stats=off} nothing is counted (the JIT folds the test away), which is how
 * {@code bench/run} measures what counting costs.
 *
 * <p>Thread safe.
 */
public final class TrafficCounters {
  /** Whether traffic is counted in this JVM; read once. */
  static final boolean COUNTING = !"off".equals(System.getProperty("dev.ippo.stats"));

  private final LongAdder messagesIn = new LongAdder();
  private final LongAdder payloadBytesIn = new LongAdder();
  private final LongAdder wireBytesIn = new LongAdder();
  private final LongAdder messagesOut = new LongAdder();
  private final LongAdder payloadBytesOut = new LongAdder();
  private final LongAdder wireBytesOut = new LongAdder();
  private final LongAdder compressedIn = new LongAdder();
  private final LongAdder inflatedIn = new LongAdder();
  private final LongAdder deflatableOut = new LongAdder();
  private final LongAdder compressedOut = new LongAdder();

  /** A whole message came, of {@code size} bytes once inflated. */
  void received(int size) {
    if (COUNTING) {
      messagesIn.increment();
      payloadBytesIn.add(size);
    }
  }

  /** {@code bytes} came from the peer, frames as they are on the wire. */
  void read(int bytes) {
    if (COUNTING) {
      wireBytesIn.add(bytes);
    }
  }

  /** A whole message was queued, of {@code size} bytes before compressing. */
  void sent(int size) {
    if (COUNTING) {
      messagesOut.increment();
      payloadBytesOut.add(size);
    }
  }

  /** A frame of {@code bytes} was queued for the peer. */
  void written(int bytes) {
    if (COUNTING) {
      wireBytesOut.add(bytes);
    }
  }

  /** Compressed messages read: {@code compressed} bytes came and inflated to {@code inflated}. */
  void inflated(long compressed, long inflated) {
    if (COUNTING && compressed > 0) {
      compressedIn.add(compressed);
      inflatedIn.add(inflated);
    }
  }

  /** A message of {@code size} bytes went compressed, in {@code compressed} bytes. */
  void deflated(int size, int compressed) {
    if (COUNTING) {
      deflatableOut.add(size);
      compressedOut.add(compressed);
    }
  }

  /** The figures of {@code parts} added up: a reconnecting client's, over its connections. */
  public static TrafficStats sum(TrafficStats... parts) {
    TrafficCounters sum = new TrafficCounters();
    for (TrafficStats part : parts) {
      sum.add(part);
    }
    return sum.snapshot();
  }

  private void add(TrafficStats other) {
    messagesIn.add(other.messagesIn());
    payloadBytesIn.add(other.payloadBytesIn());
    wireBytesIn.add(other.wireBytesIn());
    messagesOut.add(other.messagesOut());
    payloadBytesOut.add(other.payloadBytesOut());
    wireBytesOut.add(other.wireBytesOut());
    TrafficStats.Deflate d = other.deflate();
    compressedIn.add(d.compressedIn());
    inflatedIn.add(d.inflatedIn());
    deflatableOut.add(d.uncompressedOut());
    compressedOut.add(d.compressedOut());
  }

  /** What was counted so far. */
  public TrafficStats snapshot() {
    return new TrafficStats(messagesIn.sum(), payloadBytesIn.sum(), wireBytesIn.sum(),
        messagesOut.sum(), payloadBytesOut.sum(), wireBytesOut.sum(),
        new TrafficStats.Deflate(compressedIn.sum(), inflatedIn.sum(), deflatableOut.sum(),
            compressedOut.sum()));
  }
}
