package dev.ippo.bench.topics;

import dev.ippo.Broker;
import dev.ippo.WebSocket;
import dev.ippo.WebSocketServer;
import dev.ippo.redis.RedisBroker;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * {@code bench/topics}: what a publish costs when its subscribers sit on one server with the
 * in-process broker, and when they are spread over two or three servers linked by Redis.
 * Everything runs in this JVM (servers, each with a broker of its own, and 1000 client
 * connections of Ippo's client on 127.0.0.1); Redis is the machine's. One server publishes.
 *
 * <ul>
 *   <li>latency: {@code --rate} publishes a second for {@code --latency} seconds; each
 *       delivery's time from {@code publish} to the client's message event. Local: the
 *       publishing server's subscribers; remote: the other servers', with Redis on their
 *       path. Both include the fan-out: the last of a server's subscribers waits for the
 *       frames of all the others before it.
 *   <li>throughput: {@code --window} publishes in flight (one counts until all subscribers
 *       have it) for {@code --throughput} seconds; deliveries a second.
 * </ul>
 *
 * <p>Prints one markdown table. Bounded: every wait has a deadline, and the run ends by
 * itself.
 */
public final class TopicLoad {
  private static final String TOPIC = "ippo-bench-topics";
  private static final int MAX_MESSAGES = 1 << 20;
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);

  private final int subscribers;
  private final String redis;
  private final int rate;
  private final int latencySeconds;
  private final int window;
  private final int throughputSeconds;
  private final int size;
  private final int rounds;

  private TopicLoad(String[] args) {
    Options o = new Options(args);
    subscribers = o.number("--subscribers", 1000);
    redis = o.text("--redis", "redis://127.0.0.1:6379");
    rate = o.number("--rate", 50);
    latencySeconds = o.number("--latency", 4);
    window = o.number("--window", 8);
    throughputSeconds = o.number("--throughput", 5);
    size = o.number("--size", 100);
    rounds = o.number("--rounds", 3);
  }

  public static void main(String[] args) throws Exception {
    new TopicLoad(args).run();
    System.exit(0);
  }

  /** Latencies of the publishing server's own subscribers (local) and the others' (remote). */
  private record Result(int servers, double deliveriesPerSecond, double localMedianMs,
      double localP99Ms, double remoteMedianMs, double remoteP99Ms) {}

  private void run() throws Exception {
    System.out.printf(Locale.ROOT, "%d subscribers, %d-byte text messages; latency at %d "
        + "publishes/s for %d s, throughput with %d publishes in flight for %d s; medians of "
        + "%d rounds (1, 2 and 3 servers in a rotating order)%n%n",
        subscribers, size, rate, latencySeconds, window, throughputSeconds, rounds);
    List<List<Result>> byServers = List.of(new ArrayList<>(), new ArrayList<>(),
        new ArrayList<>());
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < 3; k++) {
        int servers = 1 + (round + k) % 3;
        byServers.get(servers - 1).add(measure(servers));
      }
    }
    List<Result> results = byServers.stream().map(TopicLoad::median).toList();
    Result base = results.get(0);
    System.out.println("| servers | broker | deliveries/s | vs 1 server | local median"
        + " | local p99 | remote median | remote p99 | Redis adds (medians) |");
    System.out.println("|--:|---|--:|--:|--:|--:|--:|--:|--:|");
    for (Result r : results) {
      boolean alone = r.servers() == 1;
      System.out.printf(Locale.ROOT, "| %d | %s | %,.0f | %.2f× | %.2f ms | %.2f ms | %s | %s"
          + " | %s |%n",
          r.servers(), alone ? "in-process" : "Redis", r.deliveriesPerSecond(),
          r.deliveriesPerSecond() / base.deliveriesPerSecond(), r.localMedianMs(),
          r.localP99Ms(), alone ? "–" : ms(r.remoteMedianMs()),
          alone ? "–" : ms(r.remoteP99Ms()),
          alone ? "–" : ms(r.remoteMedianMs() - r.localMedianMs()));
    }
  }

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%.2f ms", value);
  }

  /** Each figure's median over the rounds. */
  private static Result median(List<Result> rounds) {
    return new Result(rounds.get(0).servers(),
        median(rounds, Result::deliveriesPerSecond), median(rounds, Result::localMedianMs),
        median(rounds, Result::localP99Ms), median(rounds, Result::remoteMedianMs),
        median(rounds, Result::remoteP99Ms));
  }

  private static double median(List<Result> rounds, ToDoubleFunction<Result> figure) {
    double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
    return values[values.length / 2];
  }

  private Result measure(int serverCount) throws Exception {
    List<RedisBroker> brokers = new ArrayList<>();
    List<WebSocketServer> servers = new ArrayList<>();
    List<WebSocket> clients = new ArrayList<>();
    Meter meter = new Meter(subscribers, latencyCapacity());
    try {
      for (int i = 0; i < serverCount; i++) {
        Broker broker = null;
        if (serverCount > 1) {
          RedisBroker b = RedisBroker.create(redis);
          brokers.add(b);
          broker = b;
        }
        WebSocketServer server = WebSocketServer.builder().host("127.0.0.1").port(0)
            .broker(broker).build();
        server.onConnection((ws, request) -> ws.subscribe(TOPIC));
        servers.add(server.start());
      }
      for (int i = 0; i < subscribers; i++) {
        int on = i % serverCount;
        WebSocket ws = new WebSocket("ws://127.0.0.1:" + servers.get(on).port() + "/");
        boolean remote = on != 0;
        ws.onMessage(e -> meter.delivered(e.text(), remote));
        clients.add(ws);
      }
      awaitSubscribed(servers);
      WebSocketServer publisher = servers.get(0);
      warmUp(publisher, meter);
      meter.recording = true;
      latencyPhase(publisher, meter);
      meter.recording = false;
      double perSecond = throughputPhase(publisher, meter);
      return new Result(serverCount, perSecond, meter.local.percentile(0.5),
          meter.local.percentile(0.99), meter.remote.percentile(0.5),
          meter.remote.percentile(0.99));
    } finally {
      clients.forEach(WebSocket::terminate);
      servers.forEach(WebSocketServer::close);
      brokers.forEach(RedisBroker::close);
    }
  }

  private int latencyCapacity() {
    return Math.min(50_000_000, rate * latencySeconds * subscribers + subscribers);
  }

  private void awaitSubscribed(List<WebSocketServer> servers) throws InterruptedException {
    awaitTrue(() -> servers.stream().mapToInt(s -> s.subscriberCount(TOPIC)).sum()
        == subscribers, () -> "the subscribers did not all connect");
  }

  /** Waits, bounded, until {@code done} holds; else fails with {@code why}. */
  private static void awaitTrue(BooleanSupplier done, Supplier<String> why)
      throws InterruptedException {
    long end = System.nanoTime() + WAIT_NANOS;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException(why.get());
      }
      Thread.sleep(5);
    }
  }

  /** Publishes until one message reaches every subscriber: Redis has every subscription. */
  private void warmUp(WebSocketServer publisher, Meter meter) throws InterruptedException {
    long end = System.nanoTime() + WAIT_NANOS;
    int before = meter.completed.get();
    while (meter.completed.get() == before) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("no publish reached every subscriber");
      }
      publish(publisher, meter);
      Thread.sleep(100);
    }
    for (int i = 0; i < rate; i++) { // a second of paced publishes, to warm the code paths
      publish(publisher, meter);
      Thread.sleep(1000 / rate);
    }
    meter.awaitAllCompleted();
  }

  private void latencyPhase(WebSocketServer publisher, Meter meter) throws InterruptedException {
    long period = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime();
    for (int i = 0; i < rate * latencySeconds; i++) {
      long due = start + i * period;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      publish(publisher, meter);
    }
    meter.awaitAllCompleted();
  }

  private double throughputPhase(WebSocketServer publisher, Meter meter)
      throws InterruptedException {
    meter.inFlight = new Semaphore(window);
    long startDeliveries = meter.deliveries.sum();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(throughputSeconds);
    while (System.nanoTime() < end) {
      if (!meter.inFlight.tryAcquire(WAIT_NANOS, TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException("a publish never reached every subscriber");
      }
      publish(publisher, meter);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double perSecond = (meter.deliveries.sum() - startDeliveries) / seconds;
    meter.awaitAllCompleted();
    meter.inFlight = null;
    return perSecond;
  }

  private void publish(WebSocketServer publisher, Meter meter) {
    int seq = meter.published.getAndIncrement();
    if (seq >= MAX_MESSAGES) {
      throw new IllegalStateException("over " + MAX_MESSAGES + " messages");
    }
    StringBuilder text = new StringBuilder(size).append(seq).append(' ')
        .append(System.nanoTime()).append(' ');
    while (text.length() < size) {
      text.append('x');
    }
    publisher.publish(TOPIC, text.toString());
  }

  /** Counts deliveries per message and, while recording, keeps their latencies. */
  private static final class Meter {
    final int subscribers;
    final AtomicIntegerArray counts = new AtomicIntegerArray(MAX_MESSAGES);
    final AtomicInteger published = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();
    final LongAdder deliveries = new LongAdder();
    final Latencies local;
    final Latencies remote;
    volatile boolean recording;
    volatile Semaphore inFlight;

    Meter(int subscribers, int capacity) {
      this.subscribers = subscribers;
      this.local = new Latencies(capacity);
      this.remote = new Latencies(capacity);
    }

    void delivered(String text, boolean fromRemote) {
      long now = System.nanoTime();
      int space = text.indexOf(' ');
      int seq = Integer.parseInt(text, 0, space, 10);
      long sent = Long.parseLong(text, space + 1, text.indexOf(' ', space + 1), 10);
      deliveries.increment();
      if (recording) {
        (fromRemote ? remote : local).add(now - sent);
      }
      if (counts.incrementAndGet(seq) == subscribers) {
        completed.incrementAndGet();
        Semaphore s = inFlight;
        if (s != null) {
          s.release();
        }
      }
    }

    void awaitAllCompleted() throws InterruptedException {
      awaitTrue(() -> completed.get() >= published.get(), () -> (published.get()
          - completed.get()) + " publishes never reached every subscriber");
    }
  }

  /** Latencies in nanoseconds, up to a fixed count. Thread safe. */
  private static final class Latencies {
    private final long[] values;
    private final AtomicInteger size = new AtomicInteger();

    Latencies(int capacity) {
      values = new long[capacity];
    }

    void add(long nanos) {
      int i = size.getAndIncrement();
      if (i < values.length) {
        values[i] = nanos;
      }
    }

    /** The percentile {@code p} (0 to 1) in milliseconds; NaN when empty. */
    double percentile(double p) {
      int n = Math.min(size.get(), values.length);
      if (n == 0) {
        return Double.NaN;
      }
      long[] sorted = Arrays.copyOf(values, n);
      Arrays.sort(sorted);
      return sorted[(int) Math.min(n - 1, Math.floor(p * n))] / 1e6;
    }
  }

  /** {@code --name value} pairs. */
  private static final class Options {
    private final String[] args;

    Options(String[] args) {
      if (args.length % 2 != 0) {
        throw new IllegalArgumentException("options come as --name value pairs");
      }
      this.args = args;
    }

    String text(String name, String otherwise) {
      for (int i = 0; i < args.length; i += 2) {
        if (args[i].equals(name)) {
          return args[i + 1];
        }
      }
      return otherwise;
    }

    int number(String name, int otherwise) {
      return Integer.parseInt(text(name, String.valueOf(otherwise)));
    }
  }
}
