package dev.ippo;

/**
 * The opening handshake completed: the connection is {@link ReadyState#OPEN}.
 *
 * @param target the connection that opened
 */
public record OpenEvent(WebSocket target) implements Event {}
