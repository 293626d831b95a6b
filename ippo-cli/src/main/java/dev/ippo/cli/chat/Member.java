package dev.ippo.cli.chat;

/**
 * One connection as the room sees it: something to send to. A real one wraps a
 * {@code dev.ippo.WebSocket}; tests use recorders.
 *
 * <p>Implementations must be thread safe and must not block: the room sends under its lock.
 */
interface Member {
  void send(String text);

  void send(byte[] data);
}
