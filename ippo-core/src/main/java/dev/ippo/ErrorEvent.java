package dev.ippo;

import dev.ippo.ProtocolError;

/**
 * Something went wrong; a {@link CloseEvent} follows. {@code protocolError} is set when the
 * peer broke the protocol, {@code cause} when an exception was behind it; either may be null.
 *
 * <pre>{@code
 * ws.onError(e -> System.err.println("websocket error: " + e.message()));
 * }</pre>
 */
public record ErrorEvent(
    WebSocket target, String message, ProtocolError protocolError, Throwable cause)
    implements Event {}
