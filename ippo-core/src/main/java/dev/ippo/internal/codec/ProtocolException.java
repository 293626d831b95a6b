package dev.ippo.internal.codec;

import dev.ippo.ProtocolError;
/** A peer broke the protocol; {@link #error()} says how and which close code answers it. */
public final class ProtocolException extends Exception {
  private final ProtocolError error;

  public ProtocolException(ProtocolError error, String message) {
    super(message);
    this.error = error;
  }

  public ProtocolError error() {
    return error;
  }

  /** The close code to send to the peer. */
  public int closeCode() {
    return error.closeCode();
  }
}
