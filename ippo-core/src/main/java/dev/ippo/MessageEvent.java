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
 * <p>Immutable, as long as nobody changes the array {@link #bytes()} returns: a binary
 * message's bytes are not copied for each reader, and the one event a {@link TopicListener}
 * gets is shared by every listener of its topic.
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

  /**
   * A text message.
   *
   * @param target the connection it came on, or null
   * @param text the message's text
   * @return the event, for which {@link #isText()} is true
   */
  public static MessageEvent ofText(WebSocket target, String text) {
    return new MessageEvent(target, text, null, BinaryType.BYTES);
  }

  /**
   * A binary message; {@code bytes} becomes the event's own.
   *
   * @param target the connection it came on, or null
   * @param bytes the message's bytes, kept without a copy
   * @param binaryType how {@link #data()} presents them
   * @return the event, for which {@link #isText()} is false
   */
  public static MessageEvent ofBinary(WebSocket target, byte[] bytes, BinaryType binaryType) {
    return new MessageEvent(target, null, bytes, binaryType);
  }

  /** The connection it came on; null for a {@link TopicListener}'s message. */
  @Override
  public WebSocket target() {
    return target;
  }

  /**
   * Whether the peer sent a text message.
   *
   * @return true for a text message, false for a binary one
   */
  public boolean isText() {
    return text != null;
  }

  /**
   * The browser's {@code event.data}: a {@code String} for text, else a {@code byte[]} or a
   * read-only {@code ByteBuffer} as the connection's {@link BinaryType} said when it arrived.
   *
   * @return the message as a {@code String}, {@code byte[]} or {@code ByteBuffer}
   */
  public Object data() {
    if (text != null) {
      return text;
    }
    return binaryType == BinaryType.BUFFER ? buffer() : bytes;
  }

  /**
   * The text; a binary message is decoded as UTF-8 (with replacement characters).
   *
   * @return the text, never null
   */
  public String text() {
    return text != null ? text : new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * The bytes; a text message is encoded as UTF-8. Callers must not change the array.
   *
   * @return the bytes: the event's own array for a binary message, a new one for text
   */
  public byte[] bytes() {
    return bytes != null ? bytes : text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The bytes as a read-only buffer.
   *
   * @return a new read-only buffer over {@link #bytes()}, at position 0
   */
  public ByteBuffer buffer() {
    return ByteBuffer.wrap(bytes()).asReadOnlyBuffer();
  }

  @Override
  public String toString() {
    return isText() ? "MessageEvent[text=" + text + "]" : "MessageEvent[" + bytes.length + " bytes]";
  }
}
