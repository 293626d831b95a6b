package dev.ippo;

import java.time.Duration;

/**
 * A {@link ReconnectingWebSocket} will connect again: the connection before it closed, or
 * the attempt failed, and the next attempt starts after {@code delay}. It comes right after
 * that close event, so a close event that no reconnecting event follows is the last.
 *
 * <pre>{@code
 * ws.onReconnecting(e -> System.out.println(
 *     "reconnecting in " + e.delay().toMillis() + " ms (attempt " + e.attempt() + ")"));
 * }</pre>
 *
 * @param target the reconnecting client
 * @param attempt which retry it will be: 1 for the first after a connection that stayed up
 *     {@link ReconnectOptions#minUptime()} (or after the first connect), then 2, 3...; the
 *     same number as {@link ReconnectingWebSocket#retryCount()} during that attempt
 * @param delay the wait before the attempt: the back-off with its jitter, or longer when
 *     the server's {@code Retry-After} asked for more
 */
public record ReconnectEvent(ReconnectingWebSocket target, int attempt, Duration delay) {}
