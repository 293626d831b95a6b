package dev.ippo.internal.codec;

import java.io.IOException;

/**
 * The way through an HTTP proxy could not be made: the proxy was out of reach, refused the
 * CONNECT, asked for credentials, or answered what is not HTTP. The message is whole, naming
 * the proxy, as the user reads it in the error event.
 *
 * <p>An {@link IOException}, so that it can travel as the cause of a transport's end through
 * the layers above the tunnel (TLS among them) to the client that reports it.
 */
public final class ProxyException extends IOException {
  private final int status;

  public ProxyException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The proxy's HTTP status, or 0 when it gave none. */
  public int status() {
    return status;
  }
}
