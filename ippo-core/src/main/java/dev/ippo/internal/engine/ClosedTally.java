package dev.ippo.internal.engine;

/**
 * What a connection's {@code dev.ippo.ConnectionClosed} event tells beyond its code: how long
 * it was open and the WebSocket bytes each way. Kept only for the connections that open while
 * that event is recorded ({@link JfrEvents#closedIsRecorded}); the others hold none, so the
 * tally costs an idle server nothing until someone asks for it.
 *
 * <p>Not thread safe: {@code bytesIn} changes on the loop thread, {@code bytesOut} under the
 * connection's send lock, and both are read under that lock when the connection closes.
 */
final class ClosedTally {
  final long openedAt;
  long bytesIn;
  long bytesOut;

  /** @param openedAt when the connection opened, by its loop's clock */
  ClosedTally(long openedAt) {
    this.openedAt = openedAt;
  }
}
