package dev.ippo.micrometer;

import dev.ippo.ServerStats;
import dev.ippo.WebSocketServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A server's {@link ServerStats} as Micrometer meters, under {@code ippo.server.*},
 * {@code ippo.tls.*} and {@code ippo.loop.*}, in base units (bytes, seconds). Two names are
 * fixed for dashboards to rely on: {@code ippo.server.connections.active} (a gauge;
 * Prometheus: {@code ippo_server_connections_active}) and {@code ippo.server.messages} (a
 * counter with {@code direction} = {@code in} | {@code out}; Prometheus:
 * {@code ippo_server_messages_total{direction="in"}}). The README lists the others.
 *
 * <pre>{@code
 * server.start();
 * new IppoServerMetrics(server).bindTo(registry); // after start: the loops are known then
 * }</pre>
 *
 * <p>Meters read a snapshot that is taken at most every 100 ms, so a scrape of all of them
 * takes one. The meters hold the server weakly, as Micrometer holds what a gauge reads, and
 * this binder through their functions: nothing else needs to keep it. Thread safe.
 */
public final class IppoServerMetrics implements MeterBinder {
  /** A scrape reads every meter within this time: one snapshot serves them all. */
  private static final long SNAPSHOT_NANOS = Duration.ofMillis(100).toNanos();

  private final WebSocketServer server;
  private final Object lock = new Object();
  private ServerStats last;
  private long takenAt;

  /**
   * Meters for {@code server}.
   *
   * @param server the server, started before {@link #bindTo} so that its loops are known
   */
  public IppoServerMetrics(WebSocketServer server) {
    this.server = Objects.requireNonNull(server, "server");
  }

  private ServerStats stats() {
    synchronized (lock) {
      long now = System.nanoTime();
      if (last == null || now - takenAt > SNAPSHOT_NANOS) {
        last = server.stats();
        takenAt = now;
      }
      return last;
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    gauge(registry, "ippo.server.connections.active", "connections open now", null,
        s -> s.connections().open());
    counter(registry, "ippo.server.connections.opened", "connections opened", null,
        s -> s.connections().opened());
    closed(registry, "normal", s -> s.connections().closedNormal());
    closed(registry, "going_away", s -> s.connections().closedGoingAway());
    closed(registry, "protocol_error", s -> s.connections().closedProtocolError());
    closed(registry, "policy", s -> s.connections().closedPolicy());
    closed(registry, "too_big", s -> s.connections().closedTooBig());
    closed(registry, "unclean", s -> s.connections().closedUnclean());
    closed(registry, "other", s -> s.connections().closedOther());
    handshakes(registry, "accepted", s -> s.handshakes().accepted());
    handshakes(registry, "refused", s -> s.handshakes().refused());
    handshakes(registry, "timed_out", s -> s.handshakes().timedOut());
    directed(registry, "ippo.server.messages", "whole messages", null,
        s -> s.traffic().messagesIn(), s -> s.traffic().messagesOut());
    directed(registry, "ippo.server.payload", "message payload", BaseUnits.BYTES,
        s -> s.traffic().payloadBytesIn(), s -> s.traffic().payloadBytesOut());
    directed(registry, "ippo.server.wire", "WebSocket frames, compressed or not, before TLS",
        BaseUnits.BYTES, s -> s.traffic().wireBytesIn(), s -> s.traffic().wireBytesOut());
    directed(registry, "ippo.server.deflate.compressed",
        "compressed bytes of the messages permessage-deflate compressed", BaseUnits.BYTES,
        s -> s.traffic().deflate().compressedIn(), s -> s.traffic().deflate().compressedOut());
    directed(registry, "ippo.server.deflate.uncompressed",
        "what the messages permessage-deflate compressed were before", BaseUnits.BYTES,
        s -> s.traffic().deflate().inflatedIn(), s -> s.traffic().deflate().uncompressedOut());
    gauge(registry, "ippo.server.queued", "bytes waiting for peers now", BaseUnits.BYTES,
        s -> s.queues().queuedBytes());
    gauge(registry, "ippo.server.queue.largest", "the longest queue for one peer now",
        BaseUnits.BYTES, s -> s.queues().largestQueue());
    counter(registry, "ippo.server.slow.dropped", "messages skipped for slow peers (DROP)",
        null, s -> s.queues().slowConsumerDrops());
    counter(registry, "ippo.server.slow.closed", "connections ended as too slow", null,
        s -> s.queues().slowConsumerCloses());
    counter(registry, "ippo.server.heartbeat.timeouts",
        "connections ended for not answering a ping", null,
        s -> s.queues().heartbeatTimeouts());
    gauge(registry, "ippo.server.topics", "topics with a subscriber here now", null,
        s -> s.topics().topics());
    gauge(registry, "ippo.server.topic.subscriptions", "connections' subscriptions now", null,
        s -> s.topics().subscriptions());
    counter(registry, "ippo.server.topic.publishes", "messages published here", null,
        s -> s.topics().publishes());
    counter(registry, "ippo.server.topic.deliveries",
        "messages queued for subscribers here, one per subscriber", null,
        s -> s.topics().deliveries());
    counter(registry, "ippo.server.broker.relayed",
        "messages other servers published, received through the broker", null,
        s -> s.topics().relayedIn());
    gauge(registry, "ippo.server.broker.connected",
        "1 while the broker reaches the other servers, else 0", null,
        s -> s.topics().brokerConnected() ? 1 : 0);
    counter(registry, "ippo.server.broker.lost", "messages the broker could not relay", null,
        s -> s.topics().brokerLost());
    gauge(registry, "ippo.server.healthy",
        "1 while no event loop and no listener ended by an error, else 0", null,
        s -> s.health().ok() ? 1 : 0);
    gauge(registry, "ippo.server.listening", "1 while the listening socket takes connections",
        null, s -> s.health().listening() ? 1 : 0);
    gauge(registry, "ippo.server.loops.ended", "event loops that ended by an error", null,
        s -> s.health().loopsEnded());
    counter(registry, "ippo.server.accept.failures",
        "times accepting a connection failed (out of file descriptors, typically)", null,
        s -> s.health().acceptFailures());
    ServerStats now = server.stats();
    for (String protocol : now.tls().finishedByProtocol().keySet()) {
      tlsHandshakes(registry, "ok", protocol,
          s -> s.tls().finishedByProtocol().getOrDefault(protocol, 0L));
    }
    tlsHandshakes(registry, "failed", "none", s -> s.tls().failed());
    tlsHandshakes(registry, "abandoned", "none", s -> s.tls().abandoned());
    FunctionTimer.builder("ippo.tls.handshake.time", server,
            ignored -> stats().tls().finished(),
            ignored -> stats().tls().finishedTime().toNanos(), TimeUnit.NANOSECONDS)
        .description("the time finished TLS handshakes took, from first byte to last")
        .register(registry);
    List<ServerStats.LoopStats> loops = now.loops();
    for (int i = 0; i < loops.size(); i++) {
      int loop = i;
      Gauge.builder("ippo.loop.connections", server,
              ignored -> stats().loops().get(loop).connections())
          .description("the open connections the event loop serves")
          .tag("loop", Integer.toString(loop)).register(registry);
      Gauge.builder("ippo.loop.running", server,
              ignored -> stats().loops().get(loop).running() ? 1 : 0)
          .description("1 while the event loop runs, 0 once it ended by an error")
          .tag("loop", Integer.toString(loop)).register(registry);
      lag(registry, loop, "p50", s -> s.loops().get(loop).lagP50());
      lag(registry, loop, "p99", s -> s.loops().get(loop).lagP99());
      lag(registry, loop, "max", s -> s.loops().get(loop).lagMax());
    }
  }

  /** {@code unit}: a base unit (bytes, seconds), or null for a count of things. */
  private void gauge(MeterRegistry registry, String name, String description, String unit,
      ToDoubleFunction<ServerStats> value) {
    Gauge.builder(name, server, ignored -> value.applyAsDouble(stats()))
        .description(description).baseUnit(unit).register(registry);
  }

  private void counter(MeterRegistry registry, String name, String description, String unit,
      ToDoubleFunction<ServerStats> value) {
    FunctionCounter.builder(name, server, ignored -> value.applyAsDouble(stats()))
        .description(description).baseUnit(unit).register(registry);
  }

  private void closed(MeterRegistry registry, String code, ToDoubleFunction<ServerStats> value) {
    FunctionCounter.builder("ippo.server.connections.closed", server,
            ignored -> value.applyAsDouble(stats()))
        .description("connections closed, by the class of their close code").tag("code", code)
        .register(registry);
  }

  private void handshakes(MeterRegistry registry, String result,
      ToDoubleFunction<ServerStats> value) {
    FunctionCounter.builder("ippo.server.handshakes", server,
            ignored -> value.applyAsDouble(stats()))
        .description("opening handshakes, by result").tag("result", result)
        .register(registry);
  }

  /** {@code protocol}: "none" for the results that agreed none. */
  private void tlsHandshakes(MeterRegistry registry, String result, String protocol,
      ToDoubleFunction<ServerStats> value) {
    FunctionCounter.builder("ippo.tls.handshakes", server,
            ignored -> value.applyAsDouble(stats()))
        .description("TLS handshakes, by result and protocol").tag("result", result)
        .tag("protocol", protocol).register(registry);
  }

  private void directed(MeterRegistry registry, String name, String description, String unit,
      ToDoubleFunction<ServerStats> in, ToDoubleFunction<ServerStats> out) {
    FunctionCounter.builder(name, server, ignored -> in.applyAsDouble(stats()))
        .description(description).tag("direction", "in").baseUnit(unit).register(registry);
    FunctionCounter.builder(name, server, ignored -> out.applyAsDouble(stats()))
        .description(description).tag("direction", "out").baseUnit(unit).register(registry);
  }

  private void lag(MeterRegistry registry, int loop, String statistic,
      Function<ServerStats, Duration> value) {
    Gauge.builder("ippo.loop.lag", server,
            ignored -> value.apply(stats()).toNanos() / 1e9)
        .description("how late the event loop ran what was due, over the last 10 s")
        .tag("loop", Integer.toString(loop)).tag("statistic", statistic)
        .baseUnit("seconds").register(registry);
  }
}
