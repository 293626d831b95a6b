package dev.ippo.bench.jmh;

import dev.ippo.internal.codec.HandshakeException;
import dev.ippo.internal.codec.HttpHeadReader;
import dev.ippo.http.HttpRequest;
import dev.ippo.internal.codec.HttpRequestParser;
import dev.ippo.internal.codec.ServerHandshake;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The server's side of one opening handshake per operation, from the request's bytes (one
 * socket read) to a validated key: {@code parse} is {@link HttpHeadReader} +
 * {@link HttpRequestParser#parse} + {@link ServerHandshake#validate}; {@code parseAndAccept} adds
 * {@link ServerHandshake#accept}, the 101 response with its SHA-1 accept key. The request is
 * what Chrome sends for {@code new WebSocket("ws://localhost:8080/chat")}.
 *
 * <p>Not thread safe: JMH gives each benchmark thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HandshakeBenchmark {

  static final String BROWSER_REQUEST =
      "GET /chat HTTP/1.1\r\n"
          + "Host: localhost:8080\r\n"
          + "Connection: Upgrade\r\n"
          + "Pragma: no-cache\r\n"
          + "Cache-Control: no-cache\r\n"
          + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/126.0.0.0 Safari/537.36\r\n"
          + "Upgrade: websocket\r\n"
          + "Origin: http://localhost:8080\r\n"
          + "Sec-WebSocket-Version: 13\r\n"
          + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
          + "Accept-Language: en-US,en;q=0.9,ja;q=0.8\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
          + "\r\n";

  private ByteBuffer request;
  // One reader for all operations: it starts over after each complete head.
  private final HttpHeadReader headReader = new HttpHeadReader(8192);

  @Setup
  public void setUp() {
    request = ByteBuffer.wrap(BROWSER_REQUEST.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Benchmark
  public String parse() throws HandshakeException {
    request.position(0);
    ByteBuffer head = headReader.read(request);
    return ServerHandshake.validate(HttpRequestParser.parse(head));
  }

  @Benchmark
  public ByteBuffer parseAndAccept() throws HandshakeException {
    String key = parse();
    return ServerHandshake.accept(key, null, null, null);
  }

  /** The request must be accepted, or the benchmark measures the failure path. */
  @TearDown
  public void check() throws HandshakeException {
    request.position(0);
    String key = ServerHandshake.validate(HttpRequestParser.parse(headReader.read(request)));
    if (!key.equals("dGhlIHNhbXBsZSBub25jZQ==")) {
      throw new IllegalStateException("unexpected key " + key);
    }
  }
}
