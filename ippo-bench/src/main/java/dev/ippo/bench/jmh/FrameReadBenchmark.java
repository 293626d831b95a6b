package dev.ippo.bench.jmh;

import dev.ippo.internal.codec.FrameReader;
import dev.ippo.internal.codec.FrameWriter;
import dev.ippo.internal.codec.ProtocolException;
import dev.ippo.internal.codec.Role;
import dev.ippo.internal.codec.WebSocketProtocol;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * A server's {@link FrameReader} reading one whole masked frame per operation, as it does
 * when the frame arrives in one socket read: header, unmasking in place, (for text) UTF-8
 * validation, and delivery of the payload slice to the listener. Bytes per operation: the
 * payload, {@code size}.
 *
 * <p>The reader unmasks in place, so the buffer is not what it was after a read. It does not
 * need to be: XOR with the key is its own inverse, so the next read turns the payload back
 * into the original masked bytes, and the one after that unmasks it again. Both states are
 * the same valid frame (same header, same key, payload length unchanged), so every operation
 * does exactly the same work, and the only reset is {@code position(0)}: no copy of pristine
 * bytes, no {@code Level.Invocation} set-up, no re-masking in the listener. For text frames
 * both states must be valid UTF-8: the payload is ASCII and every key byte is below 0x80, so
 * either state is ASCII.
 *
 * <p>Not thread safe: JMH gives each benchmark thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameReadBenchmark {

  /** Each key byte below 0x80, so that masking keeps ASCII ASCII. */
  private static final int MASK_KEY = 0x3A5C1E72;

  @Param({"64", "16384", "1048576"})
  public int size;

  @Param({"binary", "text"})
  public String type;

  @Param({"heap", "direct"})
  public String buffer;

  private ByteBuffer frame;
  private FrameReader reader;
  private DeliveringListener listener;

  @Setup(Level.Trial)
  public void setUp(Blackhole blackhole) {
    int opcode =
        type.equals("text") ? WebSocketProtocol.OPCODE_TEXT : WebSocketProtocol.OPCODE_BINARY;
    ByteBuffer payload = ByteBuffer.wrap(Payloads.ascii(size));
    ByteBuffer encoded = FrameWriter.frame(opcode, true, false, payload, true, MASK_KEY);
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    frame = Payloads.buffer(bytes, buffer.equals("direct"));
    listener = new DeliveringListener(blackhole);
    reader = new FrameReader(Role.SERVER, size, listener);
  }

  @Benchmark
  public void read() {
    frame.position(0);
    reader.read(frame);
  }

  /** Fails the run if a frame went undelivered or the reader gave up: the numbers would lie. */
  @TearDown(Level.Trial)
  public void check() {
    if (reader.isFinished() || listener.messages == 0) {
      throw new IllegalStateException("reader stopped: " + listener.error);
    }
  }

  /** Hands every payload to the blackhole and counts messages; fails on anything else. */
  private static final class DeliveringListener implements FrameReader.Sink {
    private final Blackhole blackhole;
    long messages;
    ProtocolException error;

    DeliveringListener(Blackhole blackhole) {
      this.blackhole = blackhole;
    }

    @Override
    public void onMessage(ByteBuffer payload, boolean text) {
      messages++;
      blackhole.consume(payload);
    }

    @Override
    public void onPing(ByteBuffer payload) {
      throw new IllegalStateException("unexpected ping");
    }

    @Override
    public void onPong(ByteBuffer payload) {
      throw new IllegalStateException("unexpected pong");
    }

    @Override
    public void onClose(int code, String reason) {
      throw new IllegalStateException("unexpected close " + code);
    }

    @Override
    public void onProtocolError(ProtocolException error) {
      this.error = error;
    }
  }
}
