package dev.ippo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A whole message from the peer.
 *
 * <pre>{@code
 * ws.onMessage(e -> {
 *   if (e.isText()) System.out.println("received: " + e.text());
 *   else System.out.println("received " + e.bytes().length + " bytes");
 * });
 * }</pre>
 *
 * <p>Immutable; the bytes of a binary message are the event's own copy.
 */
public final class MessageEvent implements Event {
  private final WebSocket target;
  private final String text;
  private final byte[] bytes;
  private final BinaryType binaryType;

  private MessageEvent(WebSocket target, String text, byte[] bytes, BinaryType binaryType) {
    this.target = target;
    this.text = text;
    this.bytes = bytes;
    this.binaryType = binaryType;
  }

  /** A text message. */
  public static MessageEvent ofText(WebSocket target, String text) {
    return new MessageEvent(target, text, null, BinaryType.BYTES);
  }

  /** A binary message; {@code bytes} becomes the event's own. */
  public static MessageEvent ofBinary(WebSocket target, byte[] bytes, BinaryType binaryType) {
    return new MessageEvent(target, null, bytes, binaryType);
  }

  /** The connection it came on; null for a {@link TopicListener}'s message. */
  @Override
  public WebSocket target() {
    return target;
  }

  /** Whether the peer sent a text message. */
  public boolean isText() {
    return text != null;
  }

  /**
   * The browser's {@code event.data}: a {@code String} for text, else a {@code byte[]} or a
   * read-only {@code ByteBuffer} as the connection's {@link BinaryType} said when it arrived.
   */
  public Object data() {
    if (text != null) {
      return text;
    }
    return binaryType == BinaryType.BUFFER ? buffer() : bytes;
  }

  /** The text; a binary message is decoded as UTF-8 (with replacement characters). */
  public String text() {
    return text != null ? text : new String(bytes, StandardCharsets.UTF_8);
  }

  /** The bytes; a text message is encoded as UTF-8. Callers must not change the array. */
  public byte[] bytes() {
    return bytes != null ? bytes : text.getBytes(StandardCharsets.UTF_8);
  }

  /** The bytes as a read-only buffer. */
  public ByteBuffer buffer() {
    return ByteBuffer.wrap(bytes()).asReadOnlyBuffer();
  }

  @Override
  public String toString() {
    return isText() ? "MessageEvent[text=" + text + "]" : "MessageEvent[" + bytes.length + " bytes]";
  }
}
