package dev.ippo.bench.jmh;

import dev.ippo.internal.codec.DeflateParameters;
import dev.ippo.internal.codec.MessageDeflater;
import dev.ippo.internal.codec.ZlibPool;
import java.nio.ByteBuffer;
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
 * What a server's core pays to deflate 1 KiB JSON messages with context takeover when they
 * come from {@code connections} connections in turn, each with its own deflater (about
 * 256 KiB of zlib state), against one connection whose deflater stays in the cache. Each
 * operation deflates the next connection's next message, at Ippo's default level 3; every
 * message is a JSON document that connection has not sent before within its window.
 *
 * <p>The gap between the two is the cache: 1000 deflaters are 256 MiB of state, so each
 * message finds its connection's hash chains and window out of the cache.
 *
 * <p>Not thread safe: JMH gives each benchmark thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DeflateConnectionsBenchmark {
  private static final int SIZE = 1024;
  /** Distinct messages per connection before one comes again: 4 windows' worth. */
  private static final int MESSAGES_PER_CONNECTION = 128;

  @Param({"1", "1000"})
  public int connections;

  private ByteBuffer[] messages;
  private MessageDeflater[] deflaters;
  private int connection;
  private int round;

  @Setup(Level.Trial)
  public void setUp() {
    ZlibPool pool = new ZlibPool(3, 0);
    deflaters = new MessageDeflater[connections];
    for (int i = 0; i < connections; i++) {
      deflaters[i] = new MessageDeflater(pool, false, DeflateParameters.MAX_WINDOW_BITS);
    }
    // Enough documents that no connection meets one again within its window, whatever the
    // count: connection c sends messages (round * connections + c) in turn.
    messages = new ByteBuffer[Math.max(MESSAGES_PER_CONNECTION, connections + 7)];
    for (int i = 0; i < messages.length; i++) {
      messages[i] = ByteBuffer.wrap(Payloads.json(SIZE, i));
    }
  }

  /** The compressed message, so that the work cannot be proven dead. */
  @Benchmark
  public byte[] deflate() {
    MessageDeflater d = deflaters[connection];
    ByteBuffer message = messages[(round * connections + connection) % messages.length];
    if (++connection == connections) {
      connection = 0;
      round++;
    }
    return d.compress(message);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    for (MessageDeflater d : deflaters) {
      d.close();
    }
  }
}
