package dev.ippo.internal.engine;

import dev.ippo.Broker;
import dev.ippo.HttpHandler;
import dev.ippo.SlowConsumerPolicy;
import dev.ippo.VerifyClient;
import dev.ippo.http.HttpRequest;
import dev.ippo.internal.tls.ReloadableContext;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A server's settings as {@code WebSocketServer.Builder} built them: where it listens, how
 * it answers handshakes, and the {@link ConnectionSettings} of each connection it accepts.
 * Immutable; thread safe. The defaults are documented on the builder.
 *
 * @param host the address to bind, or null for every address
 * @param port the port to bind, 0 for a free one
 * @param backlog connections not yet accepted that the system may queue
 * @param path the only path that upgrades, or null for every path
 * @param verifyClient decides each handshake, or null to accept all
 * @param handleProtocols picks the subprotocol among those offered
 * @param clientTracking whether the server keeps its open connections
 * @param noServer whether the server does not listen (connections come by handleUpgrade only)
 * @param httpHandler answers plain HTTP requests, or null for 426
 * @param maxHeaderSize the largest request head, in bytes
 * @param eventLoops how many event loop threads
 * @param broker what relays topics to other servers, or null for one of its own
 * @param receiveBudget the bytes all connections together may hold of messages being received
 * @param sendBudget the bytes all connections together may keep waiting for peers that do
 *     not read
 * @param tls what accepted connections speak TLS with (the context of the moment), or null
 *     for plain TCP
 * @param slowConsumers what becomes of a connection over its highWaterMark
 * @param socketSendBuffer the kernel's send buffer per connection (SO_SNDBUF) in bytes, or 0
 *     for the system's own, which grows by itself
 * @param connection the settings of every connection
 */
public record ServerSettings(
    String host,
    int port,
    int backlog,
    String path,
    VerifyClient verifyClient,
    BiFunction<List<String>, HttpRequest, String> handleProtocols,
    boolean clientTracking,
    boolean noServer,
    HttpHandler httpHandler,
    int maxHeaderSize,
    int eventLoops,
    Broker broker,
    long receiveBudget,
    long sendBudget,
    ReloadableContext tls,
    SlowConsumerPolicy slowConsumers,
    int socketSendBuffer,
    ConnectionSettings connection) {

  /** Browsers send under 2 KiB of headers; 8 KiB leaves room for cookies. */
  public static final int MAX_HEADER_SIZE = 8 * 1024;
  /** As Node's {@code server.listen}. */
  public static final int BACKLOG = 511;
  /**
   * 32 MiB: what a server holding 10 000 connections can afford for messages half received,
   * whatever its peers announce; two messages of the largest size, or 3 KiB per connection.
   * A buffer holds at most twice what came, and growing it leaves as much again in garbage,
   * so peers filling this budget cost ./ippo echo about 140-170 MiB of RSS (64 MiB: 230-270).
   */
  public static final long RECEIVE_BUDGET = 32L << 20;
  /**
   * 128 MiB: the queues of peers that do not read, together; 128 full highWaterMarks. A
   * broadcast's frame counts once for each connection it waits for.
   */
  public static final long SEND_BUDGET = 128L << 20;
  /**
   * Handshakes in progress beyond which a new TCP connection is closed at once (a client
   * retries; one waiting in the backlog would time out as surely): 4096 browsers
   * reconnecting at once fit, and a slow-header attack holds at most 4096 heads of
   * maxHeaderSize, 32 MiB by default.
   */
  public static final int MAX_HANDSHAKES = 4096;
}
