package dev.ippo.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ippo.ProtocolError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * Records what a {@link Connection} reports as short strings ({@code open},
 * {@code text:hi}, {@code error:MESSAGE_TOO_BIG}, {@code error:<message>},
 * {@code close:1000:bye:clean}), so a test compares the whole list and fails on anything it
 * did not expect.
 */
final class RecordingEvents implements ConnectionEvents {
  final List<String> events = new ArrayList<>();
  /** What a test's application does with each text message, after it is recorded. */
  Consumer<String> onText = text -> {};

  @Override
  public void onOpen() {
    events.add("open");
  }

  @Override
  public boolean wantsMessages() {
    return true;
  }

  @Override
  public void onText(String text) {
    events.add("text:" + text);
    onText.accept(text);
  }

  @Override
  public void onBinary(byte[] data) {
    events.add("binary:" + HexFormat.of().formatHex(data));
  }

  @Override
  public void onPing(ByteBuffer payload) {
    events.add("ping:" + StandardCharsets.UTF_8.decode(payload.duplicate()));
  }

  @Override
  public void onPong(ByteBuffer payload) {
    events.add("pong:" + StandardCharsets.UTF_8.decode(payload.duplicate()));
  }

  @Override
  public void onDrain() {
    events.add("drain");
  }

  @Override
  public void onDropped(long count) {
    events.add("dropped:" + count);
  }

  @Override
  public void onError(String message, ProtocolError error, Throwable cause) {
    events.add("error:" + (error != null ? error.name() : message));
  }

  @Override
  public void onClose(int code, String reason, boolean wasClean) {
    events.add("close:" + code + ":" + reason + (wasClean ? ":clean" : ":unclean"));
  }

  void assertEvents(String... expected) {
    assertEquals(Arrays.asList(expected), events);
  }
}
