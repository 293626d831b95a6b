package dev.ippo;

/** Something that happened to a {@link WebSocket}; the browser's {@code Event}. */
public interface Event {
  /**
   * The connection it happened to.
   *
   * @return the connection; null only for a message that a {@link TopicListener} hears
   */
  WebSocket target();
}
