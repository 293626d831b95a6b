package dev.ippo;

/**
 * The connection is closed. {@code code} is what the peer's close frame said (1005 when it
 * had none, 1006 when the connection dropped without one); {@code wasClean} tells whether
 * both close frames were exchanged.
 *
 * <pre>{@code
 * ws.onClose(e -> System.out.println("closed " + e.code() + " " + e.reason()));
 * }</pre>
 *
 * @param target the connection that closed
 * @param code the peer's close code; 1005 when its close frame had none, 1006 when none came
 * @param reason the peer's close reason; "" when it gave none or no close frame came
 * @param wasClean true when both close frames were exchanged
 */
public record CloseEvent(WebSocket target, int code, String reason, boolean wasClean)
    implements Event {}
