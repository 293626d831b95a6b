package dev.ippo.micrometer;

import dev.ippo.ServerStats;
import dev.ippo.WebSocketServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A server's {@link ServerStats} as Micrometer meters, under {@code ippo.server.*} and
 * {@code ippo.loop.*}, in base units (bytes, seconds). Two names are fixed for dashboards to
 * rely on: {@code ippo.server.connections.active} (a gauge; Prometheus:
 * {@code ippo_server_connections_active}) and {@code ippo.server.messages} (a counter with
 * {@code direction} = {@code in} | {@code out}; Prometheus:
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
    List<ServerStats.LoopStats> loops = server.stats().loops();
    for (int i = 0; i < loops.size(); i++) {
      int loop = i;
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
