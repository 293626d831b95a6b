package dev.ippo.bench.jmh;

import dev.ippo.internal.codec.FrameWriter;
import dev.ippo.internal.codec.WebSocketProtocol;
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
 * {@link FrameWriter#frame} of one binary message per operation: a server's frame
 * (unmasked) and a client's (masked). The new frame buffer it returns is part of the cost,
 * as it is in the connection. Bytes per operation: the payload, {@code size}.
 *
 * <p>Not thread safe: JMH gives each benchmark thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameWriteBenchmark {

  @Param({"64", "16384"})
  public int size;

  @Param({"false", "true"})
  public boolean masked;

  private ByteBuffer payload;

  @Setup
  public void setUp() {
    payload = ByteBuffer.wrap(Payloads.ascii(size));
  }

  @Benchmark
  public ByteBuffer frame() {
    return FrameWriter.frame(
        WebSocketProtocol.OPCODE_BINARY, true, false, payload, masked, 0x3A5C1E72);
  }
}
