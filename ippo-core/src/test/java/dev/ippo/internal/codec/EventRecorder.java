package dev.ippo.internal.codec;

import dev.ippo.ProtocolError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records what a {@link FrameReader} reports, as short strings, so that a test compares the
 * whole list and fails on anything it did not expect: {@code text:Hello},
 * {@code binary:0102}, {@code ping:}, {@code pong:48}, {@code close:1000:bye},
 * {@code error:INVALID_UTF8}.
 */
class EventRecorder implements FrameReader.Sink {
  final List<String> events = new ArrayList<>();

  /** The last error reported, for its message and close code. */
  ProtocolException lastError;

  static String text(String text) {
    return "text:" + text;
  }

  static String binary(byte[] bytes) {
    return "binary:" + Bytes.hex(bytes);
  }

  static String error(ProtocolError error) {
    return "error:" + error.name();
  }

  @Override
  public void onMessage(ByteBuffer payload, boolean text) {
    byte[] bytes = Bytes.remaining(payload);
    events.add(
        text ? "text:" + new String(bytes, StandardCharsets.UTF_8) : "binary:" + Bytes.hex(bytes));
  }

  @Override
  public void onPing(ByteBuffer payload) {
    events.add("ping:" + Bytes.hex(Bytes.remaining(payload)));
  }

  @Override
  public void onPong(ByteBuffer payload) {
    events.add("pong:" + Bytes.hex(Bytes.remaining(payload)));
  }

  @Override
  public void onClose(int code, String reason) {
    events.add("close:" + code + ":" + reason);
  }

  @Override
  public void onProtocolError(ProtocolException error) {
    lastError = error;
    events.add("error:" + error.error().name());
  }

  void assertEvents(String... expected) {
    assertEquals(Arrays.asList(expected), events);
  }
}
