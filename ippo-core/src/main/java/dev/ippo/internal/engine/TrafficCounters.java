package dev.ippo.internal.engine;

import dev.ippo.TrafficStats;
import dev.ippo.internal.transport.EventLoop;
import dev.ippo.internal.transport.Loop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * Messages and bytes as they go, each way: whole messages and their payload bytes, the
 * WebSocket bytes they took (frames, compressed or not, before TLS), and what
 * permessage-deflate made of the messages it compressed. A server's connections share one;
 * a client's connection has its own.
 *
 * <p>Nothing is allocated per message, and nothing waits. A server's loop thread counts in
 * plain fields of its own ({@link #countOn}), with no atomic instruction: that is where
 * nearly every message is counted, and an adder's compare-and-swap per figure cost 3 % of
 * the echo benchmark's CPU. Any other thread (a send from the application's, a client's
 * connection) counts in adders. A snapshot sums both. With the system property
 * {@code dev.ippo.stats=off} nothing is counted (the JIT folds the test away), which is how
 * {@code bench/run} measures what counting costs.
 *
 * <p>Thread safe.
 */
public final class TrafficCounters {
  /** Whether traffic is counted in this JVM; read once. */
  static final boolean COUNTING = !"off".equals(System.getProperty("dev.ippo.stats"));

  private static final int MESSAGES_IN = 0;
  private static final int PAYLOAD_IN = 1;
  private static final int WIRE_IN = 2;
  private static final int MESSAGES_OUT = 3;
  private static final int PAYLOAD_OUT = 4;
  private static final int WIRE_OUT = 5;
  private static final int COMPRESSED_IN = 6;
  private static final int INFLATED_IN = 7;
  private static final int UNCOMPRESSED_OUT = 8;
  private static final int COMPRESSED_OUT = 9;
  private static final int FIGURES = 10;
  /** Longs kept free before and after a loop's figures: 64 bytes, a cache line. */
  private static final int PAD = 8;
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

  private final LongAdder[] adders = new LongAdder[FIGURES];
  /** Each loop's figures ({@link #countOn}), at PAD onward, so no two loops share a line. */
  private final List<long[]> loops = new CopyOnWriteArrayList<>();

  public TrafficCounters() {
    for (int i = 0; i < FIGURES; i++) {
      adders[i] = new LongAdder();
    }
  }

  /** What a loop keeps for a server's counters: see {@link Loop#attachment()}. */
  private record LoopFigures(TrafficCounters owner, long[] figures) {}

  /**
   * From now on {@code loop}'s thread counts in figures of its own, without atomics. A
   * loop counts for one server: the server's loops are its own.
   */
  public void countOn(EventLoop loop) {
    long[] figures = new long[PAD + FIGURES + PAD];
    loops.add(figures);
    loop.attach(new LoopFigures(this, figures));
  }

  /** A whole message came, of {@code size} bytes once inflated. */
  void received(Loop loop, int size) {
    if (COUNTING) {
      add(loop, MESSAGES_IN, 1);
      add(loop, PAYLOAD_IN, size);
    }
  }

  /** {@code bytes} came from the peer, frames as they are on the wire. */
  void read(Loop loop, int bytes) {
    if (COUNTING) {
      add(loop, WIRE_IN, bytes);
    }
  }

  /** A whole message was queued, of {@code size} bytes before compressing. */
  void sent(Loop loop, int size) {
    if (COUNTING) {
      add(loop, MESSAGES_OUT, 1);
      add(loop, PAYLOAD_OUT, size);
    }
  }

  /** A frame of {@code bytes} was queued for the peer. */
  void written(Loop loop, int bytes) {
    if (COUNTING) {
      add(loop, WIRE_OUT, bytes);
    }
  }

  /** Compressed messages read: {@code compressed} bytes came and inflated to {@code inflated}. */
  void inflated(Loop loop, long compressed, long inflated) {
    if (COUNTING && compressed > 0) {
      add(loop, COMPRESSED_IN, compressed);
      add(loop, INFLATED_IN, inflated);
    }
  }

  /** A message of {@code size} bytes went compressed, in {@code compressed} bytes. */
  void deflated(Loop loop, int size, int compressed) {
    if (COUNTING) {
      add(loop, UNCOMPRESSED_OUT, size);
      add(loop, COMPRESSED_OUT, compressed);
    }
  }

  /**
   * Adds {@code n} to a figure: in the loop's own figures when the caller is that loop's
   * thread and the loop counts for these counters, else in the adder.
   */
  private void add(Loop loop, int figure, long n) {
    if (loop.attachment() instanceof LoopFigures own && own.owner() == this && loop.inLoop()) {
      long[] f = own.figures();
      // One writer: a plain read, and an opaque write that a snapshot reads whole.
      SLOT.setOpaque(f, PAD + figure, f[PAD + figure] + n);
    } else {
      adders[figure].add(n);
    }
  }

  private long sum(int figure) {
    long sum = adders[figure].sum();
    for (long[] f : loops) {
      sum += (long) SLOT.getOpaque(f, PAD + figure);
    }
    return sum;
  }

  /** The figures of {@code parts} added up: a reconnecting client's, over its connections. */
  public static TrafficStats sum(TrafficStats... parts) {
    long[] sum = new long[FIGURES];
    for (TrafficStats t : parts) {
      TrafficStats.Deflate d = t.deflate();
      long[] figures = {t.messagesIn(), t.payloadBytesIn(), t.wireBytesIn(), t.messagesOut(),
          t.payloadBytesOut(), t.wireBytesOut(), d.compressedIn(), d.inflatedIn(),
          d.uncompressedOut(), d.compressedOut()};
      for (int i = 0; i < FIGURES; i++) {
        sum[i] += figures[i];
      }
    }
    return stats(sum);
  }

  private static TrafficStats stats(long[] f) {
    return new TrafficStats(f[MESSAGES_IN], f[PAYLOAD_IN], f[WIRE_IN], f[MESSAGES_OUT],
        f[PAYLOAD_OUT], f[WIRE_OUT], new TrafficStats.Deflate(f[COMPRESSED_IN],
            f[INFLATED_IN], f[UNCOMPRESSED_OUT], f[COMPRESSED_OUT]));
  }

  /** What was counted so far. */
  public TrafficStats snapshot() {
    long[] f = new long[FIGURES];
    for (int i = 0; i < FIGURES; i++) {
      f[i] = sum(i);
    }
    return stats(f);
  }
}
