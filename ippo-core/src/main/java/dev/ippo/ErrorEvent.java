package dev.ippo;

import dev.ippo.ProtocolError;

/**
 * Something went wrong; a {@link CloseEvent} follows. {@code protocolError} is set when the
 * peer broke the protocol, {@code cause} when an exception was behind it; either may be null.
 *
 * <pre>{@code
 * ws.onError(e -> System.err.println("websocket error: " + e.message()));
 * }</pre>
 *
 * @param target the connection the error happened to
 * @param message what went wrong, in words, for logs
 * @param protocolError how the peer broke the protocol, or null when it did not
 * @param cause the exception behind the error, or null
 */
public record ErrorEvent(
    WebSocket target, String message, ProtocolError protocolError, Throwable cause)
    implements Event {}
