package dev.ippo.bench.jmh;

import dev.ippo.internal.codec.DeflateParameters;
import dev.ippo.internal.codec.MessageDeflater;
import dev.ippo.internal.codec.MessageInflater;
import dev.ippo.internal.codec.ProtocolException;
import dev.ippo.internal.codec.ZlibPool;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * permessage-deflate's two halves, one message of {@code size} bytes of JSON per operation:
 * {@link MessageDeflater#compress} as a sender runs it, {@link MessageInflater#inflate} as a
 * receiver does, with a 15-bit window, at compression {@code level} 3 (Ippo's default) and 6
 * (zlib's).
 * Bytes per operation: the uncompressed message, {@code size}.
 *
 * <p>{@code context=takeover} keeps one deflater (and one inflater) across messages, as a
 * connection does by default; {@code context=none} borrows one from a {@link ZlibPool} for
 * each message and resets it, as {@code serverNoContextTakeover} does.
 *
 * <p>The messages are different JSON documents ({@link Payloads#json}), sent in turn, at
 * least {@value #MESSAGES} and together at least {@value #CYCLE_BYTES} bytes: four times the
 * 32 KiB window, so that a message has left the window before it comes again and context
 * takeover finds what real traffic gives it (the same keys, not the same message). The inflate benchmark reads them as one sender deflated them, in the
 * same order, round after round. That stays valid with context takeover because the first
 * message was deflated with an empty window: it refers to nothing before it, so the window
 * the previous round left does not matter, and every later message finds the same bytes
 * behind it as when it was deflated.
 *
 * <p>Not thread safe: JMH gives each benchmark thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DeflateBenchmark {
  static final int MESSAGES = 16;
  static final int CYCLE_BYTES = 4 << DeflateParameters.MAX_WINDOW_BITS;

  @Param({"1024", "16384"})
  public int size;

  @Param({"takeover", "none"})
  public String context;

  @Param({"3", "6"})
  public int level;

  private ByteBuffer[] messages;
  private ByteBuffer[] compressed;
  private MessageDeflater deflater;
  private MessageInflater inflater;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws ProtocolException {
    boolean noContext = context.equals("none");
    ZlibPool pool = new ZlibPool(level, 2);
    deflater = new MessageDeflater(pool, noContext, DeflateParameters.MAX_WINDOW_BITS);
    inflater = new MessageInflater(pool, noContext);
    int count = Math.max(MESSAGES, CYCLE_BYTES / size);
    messages = new ByteBuffer[count];
    compressed = new ByteBuffer[count];
    long compressedBytes = 0;
    try (MessageDeflater sender =
        new MessageDeflater(pool, noContext, DeflateParameters.MAX_WINDOW_BITS)) {
      for (int i = 0; i < count; i++) {
        messages[i] = ByteBuffer.wrap(Payloads.json(size, i));
        compressed[i] = ByteBuffer.wrap(sender.compress(messages[i]));
        compressedBytes += compressed[i].remaining();
      }
    }
    // Two rounds through a fresh inflater: what the benchmark will read must come back whole.
    try (MessageInflater check = new MessageInflater(pool, noContext)) {
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < count; i++) {
          byte[] back = check.inflate(compressed[i].duplicate(), size);
          if (!Arrays.equals(back, messages[i].array())) {
            throw new IllegalStateException("message " + i + " does not inflate back");
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "%n# %d-byte JSON, context %s: compressed to %.1f %%%n",
        size, context, 100.0 * compressedBytes / ((long) size * count));
  }

  /** The compressed message, so that the work cannot be proven dead. */
  @Benchmark
  public byte[] deflate() {
    ByteBuffer message = messages[next];
    next = (next + 1) % messages.length;
    return deflater.compress(message);
  }

  @Benchmark
  public byte[] inflate() throws ProtocolException {
    ByteBuffer message = compressed[next];
    next = (next + 1) % compressed.length;
    message.clear(); // inflate consumed it last round
    return inflater.inflate(message, size);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    deflater.close();
    inflater.close();
  }
}
