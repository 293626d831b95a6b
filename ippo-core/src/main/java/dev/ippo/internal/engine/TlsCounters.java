package dev.ippo.internal.engine;

import dev.ippo.internal.tls.TlsEngines;
import dev.ippo.internal.transport.TlsTransport;
import dev.ippo.internal.transport.Transport;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLSession;

/**
 * How TLS handshakes ended: done, by protocol (TLSv1.3, TLSv1.2), refused by the engine, or
 * abandoned by the peer before the end, and the time the finished ones took. Each is also a
 * Flight Recorder event (see {@link JfrEvents}). Thread safe; counted on the loops, a few
 * adders per handshake.
 */
public final class TlsCounters implements TlsTransport.HandshakeObserver {
  private final Map<String, LongAdder> finishedByProtocol = new ConcurrentHashMap<>();
  private final LongAdder failed = new LongAdder();
  private final LongAdder abandoned = new LongAdder();
  private final LongAdder finishedNanos = new LongAdder();

  /** Each protocol Ippo enables is counted from 0, so that a reader sees every one. */
  public TlsCounters() {
    for (String protocol : TlsEngines.PROTOCOLS) {
      finishedByProtocol.put(protocol, new LongAdder());
    }
  }

  @Override
  public void finished(SSLSession session, long nanos, Transport net) {
    String protocol = session.getProtocol();
    finishedByProtocol.computeIfAbsent(protocol, p -> new LongAdder()).increment();
    finishedNanos.add(nanos);
    JfrEvents.TLS_HANDSHAKES.finished(session, nanos, net);
  }

  @Override
  public void failed(String why, boolean abandoned, long nanos, Transport net) {
    (abandoned ? this.abandoned : failed).increment();
    JfrEvents.TLS_HANDSHAKES.failed(why, abandoned, nanos, net);
  }

  /** Finished handshakes by protocol, in name order; every protocol Ippo enables is there. */
  public Map<String, Long> finishedByProtocol() {
    return ServerCounters.sums(finishedByProtocol);
  }

  /** Handshakes the engine refused: no common protocol or cipher, a bad certificate... */
  public long failed() {
    return failed.sum();
  }

  /** Handshakes the peer left, or that were ended (timed out), before they finished. */
  public long abandoned() {
    return abandoned.sum();
  }

  /** The time the finished handshakes took, together, in nanoseconds. */
  public long finishedNanos() {
    return finishedNanos.sum();
  }
}
