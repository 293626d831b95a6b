package dev.ippo.bench.jmh;

import dev.ippo.internal.codec.Utf8Validator;
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
 * {@link Utf8Validator} over one whole text message of {@code size} bytes per operation, as
 * the frame reader uses it (reset, update, isComplete on one validator). {@code ascii} is
 * printable ASCII; {@code mixed} is chat-like text with about half its bytes in 2- to 4-byte
 * sequences (see {@link Payloads#mixed}).
 *
 * <p>Not thread safe: JMH gives each benchmark thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Utf8ValidationBenchmark {

  @Param({"4096", "1048576"})
  public int size;

  @Param({"ascii", "mixed"})
  public String text;

  private ByteBuffer bytes;
  private final Utf8Validator validator = new Utf8Validator();

  @Setup
  public void setUp() {
    byte[] content = text.equals("ascii") ? Payloads.ascii(size) : Payloads.mixed(size);
    bytes = ByteBuffer.wrap(content);
    if (!Utf8Validator.isValid(bytes)) {
      throw new IllegalStateException("payload is not valid UTF-8: the benchmark would lie");
    }
  }

  @Benchmark
  public boolean validate() {
    validator.reset();
    return validator.update(bytes) && validator.isComplete();
  }
}
