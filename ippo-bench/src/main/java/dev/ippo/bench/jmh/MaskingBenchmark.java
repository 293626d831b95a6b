package dev.ippo.bench.jmh;

import dev.ippo.internal.codec.Masking;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link Masking#mask} in place over a buffer of {@code size} bytes per operation, on the
 * heap and off it (the transport reads into direct buffers). Masking twice restores the
 * bytes, so the buffer needs no reset; the work does not depend on the bytes.
 *
 * <p>Not thread safe: JMH gives each benchmark thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MaskingBenchmark {

  @Param({"64", "4096", "1048576"})
  public int size;

  @Param({"heap", "direct"})
  public String buffer;

  private ByteBuffer bytes;

  @Setup
  public void setUp() {
    bytes = Payloads.buffer(Payloads.ascii(size), buffer.equals("direct"));
  }

  /** Returns the buffer so that the masking cannot be proven dead. */
  @Benchmark
  public ByteBuffer mask() {
    Masking.mask(bytes, 0x3A5C1E72, 0);
    return bytes;
  }
}
