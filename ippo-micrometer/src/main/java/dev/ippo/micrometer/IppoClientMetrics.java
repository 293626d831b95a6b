package dev.ippo.micrometer;

import dev.ippo.ReadyState;
import dev.ippo.ReconnectingWebSocket;
import dev.ippo.TrafficStats;
import dev.ippo.WebSocket;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * One client's connection as Micrometer meters, under {@code ippo.client.*}, in base units:
 * messages, payload and wire bytes each way, bytes queued, the last round trip and whether it
 * is open. A {@link ReconnectingWebSocket}'s are summed over its connections, so its counters
 * never go back when it reconnects. Tag each client that shares a registry (a feed's name,
 * say), or their meters are one and the same.
 *
 * <pre>{@code
 * ReconnectingWebSocket feed = new ReconnectingWebSocket("wss://feed.example/prices");
 * new IppoClientMetrics(feed, Tags.of("feed", "prices")).bindTo(registry);
 * }</pre>
 *
 * <p>The meters hold the client weakly, as Micrometer holds what a gauge reads: a client
 * nobody else keeps is not kept by its meters. Thread safe.
 */
public final class IppoClientMetrics implements MeterBinder {
  /** The client, weakly: the meters must not keep a client nobody else keeps. */
  private final WeakReference<Object> client;
  private final Reader reader;
  private final Tags tags;

  /** What the meters read of a client; its functions hold nothing. */
  private record Reader(Function<Object, TrafficStats> traffic, ToDoubleFunction<Object> queued,
      Function<Object, Optional<Duration>> rtt, Function<Object, ReadyState> state) {}

  /**
   * Meters for one connection.
   *
   * @param ws a client's connection (a server's are counted by {@code IppoServerMetrics})
   * @param tags what tells this client's meters from others' in the registry
   */
  public IppoClientMetrics(WebSocket ws, Iterable<Tag> tags) {
    this(ws, new Reader(c -> ((WebSocket) c).traffic(), c -> ((WebSocket) c).bufferedAmount(),
        c -> ((WebSocket) c).rtt(), c -> ((WebSocket) c).readyState()), tags);
  }

  /**
   * Meters for a reconnecting client, over all its connections.
   *
   * @param ws the client
   * @param tags what tells this client's meters from others' in the registry
   */
  public IppoClientMetrics(ReconnectingWebSocket ws, Iterable<Tag> tags) {
    this(ws, new Reader(c -> ((ReconnectingWebSocket) c).traffic(),
        c -> ((ReconnectingWebSocket) c).bufferedAmount(),
        c -> ((ReconnectingWebSocket) c).rtt(),
        c -> ((ReconnectingWebSocket) c).readyState()), tags);
  }

  private IppoClientMetrics(Object client, Reader reader, Iterable<Tag> tags) {
    this.client = new WeakReference<>(Objects.requireNonNull(client, "ws"));
    this.reader = reader;
    this.tags = Tags.of(tags);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Object c = client.get();
    if (c == null) {
      return; // gone already: nothing to measure
    }
    Reader r = reader;
    Function<Object, TrafficStats> traffic = r.traffic();
    directed(registry, c, "ippo.client.messages", "whole messages", null,
        x -> traffic.apply(x).messagesIn(), x -> traffic.apply(x).messagesOut());
    directed(registry, c, "ippo.client.payload", "message payload", BaseUnits.BYTES,
        x -> traffic.apply(x).payloadBytesIn(), x -> traffic.apply(x).payloadBytesOut());
    directed(registry, c, "ippo.client.wire", "WebSocket frames, compressed or not, before TLS",
        BaseUnits.BYTES, x -> traffic.apply(x).wireBytesIn(),
        x -> traffic.apply(x).wireBytesOut());
    gauge(registry, c, "ippo.client.queued", "bytes not yet handed to the network",
        BaseUnits.BYTES, r.queued());
    Function<Object, Optional<Duration>> rtt = r.rtt();
    gauge(registry, c, "ippo.client.rtt", "the last round trip, ping to pong (NaN before one)",
        "seconds", x -> rtt.apply(x).map(d -> d.toNanos() / 1e9).orElse(Double.NaN));
    Function<Object, ReadyState> state = r.state();
    gauge(registry, c, "ippo.client.open", "1 while the connection is open, else 0", null,
        x -> state.apply(x) == ReadyState.OPEN ? 1 : 0);
  }

  private void gauge(MeterRegistry registry, Object c, String name, String description,
      String unit, ToDoubleFunction<Object> value) {
    Gauge.builder(name, c, value).description(description).baseUnit(unit).tags(tags)
        .register(registry);
  }

  private void directed(MeterRegistry registry, Object c, String name, String description,
      String unit, ToDoubleFunction<Object> in, ToDoubleFunction<Object> out) {
    FunctionCounter.builder(name, c, in).description(description).tags(tags)
        .tag("direction", "in").baseUnit(unit).register(registry);
    FunctionCounter.builder(name, c, out).description(description).tags(tags)
        .tag("direction", "out").baseUnit(unit).register(registry);
  }
}
