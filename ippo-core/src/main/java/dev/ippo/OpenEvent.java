package dev.ippo;

/** The opening handshake completed: the connection is {@link ReadyState#OPEN}. */
public record OpenEvent(WebSocket target) implements Event {}
