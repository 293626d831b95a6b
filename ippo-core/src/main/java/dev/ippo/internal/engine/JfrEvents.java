package dev.ippo.internal.engine;

import dev.ippo.internal.transport.TlsTransport;
import dev.ippo.internal.transport.Transport;
import java.util.function.Supplier;
import javax.net.ssl.SSLSession;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * Ippo's JDK Flight Recorder events: what happens to connections, one event each, in the
 * category "Ippo". Off unless a recording's settings turn them on (a profile that records
 * everything else need not pay for them), and off they cost a check of that flag: a few
 * per connection, none per message. Until Flight Recorder starts, their classes are not even
 * loaded: loading them sets JFR up, some 2 MB of heap a server need not hold. The README
 * gives the {@code jfr configure} line that turns them on. The peer's address is asked for
 * only when an event is recorded: a connection works it out on first need and keeps it, some
 * 60 bytes an idle one need not hold. For the same reason only a connection that opens while
 * the close event is recorded keeps the tally of its lifetime and bytes ({@link ClosedTally}).
 *
 * <p>Thread safe: each event is made and committed by the thread that reports it.
 */
final class JfrEvents {
  private JfrEvents() {}

  static void opened(String url, Supplier<?> remote, boolean server) {
    if (FlightRecorder.isInitialized()) {
      Emit.opened(url, remote, server);
    }
  }

  /**
   * {@code lifetime} (nanoseconds) and the bytes: -1 for a connection that opened before the
   * event was recorded.
   */
  static void closed(String url, Supplier<?> remote, int code, boolean clean, long lifetime,
      long bytesIn, long bytesOut) {
    if (FlightRecorder.isInitialized()) {
      Emit.closed(url, remote, code, clean, lifetime, bytesIn, bytesOut);
    }
  }

  /** Whether a connection that opens now should keep a {@link ClosedTally}. */
  static boolean closedIsRecorded() {
    return FlightRecorder.isInitialized() && Emit.closedIsRecorded();
  }

  static void handshakeRefused(Supplier<?> remote, int status, String reason) {
    if (FlightRecorder.isInitialized()) {
      Emit.handshakeRefused(remote, status, reason);
    }
  }

  static void protocolError(Supplier<?> remote, String error, int closeCode, String message) {
    if (FlightRecorder.isInitialized()) {
      Emit.protocolError(remote, error, closeCode, message);
    }
  }

  static void slowConsumer(Supplier<?> remote, String action, long queuedBytes, long dropped) {
    if (FlightRecorder.isInitialized()) {
      Emit.slowConsumer(remote, action, queuedBytes, dropped);
    }
  }

  static void heartbeatTimeout(Supplier<?> remote, long pongTimeoutMillis) {
    if (FlightRecorder.isInitialized()) {
      Emit.heartbeatTimeout(remote, pongTimeoutMillis);
    }
  }

  /**
   * Records how each TLS handshake ended; a client's TLS layer hears only this, a server's
   * hears its {@link TlsCounters}, which counts and then tells this.
   */
  static final TlsTransport.HandshakeObserver TLS_HANDSHAKES =
      new TlsTransport.HandshakeObserver() {
        @Override
        public void finished(SSLSession session, long nanos, Transport net) {
          if (FlightRecorder.isInitialized()) {
            Emit.tlsHandshake(net::remoteAddress, "ok", session.getProtocol(),
                session.getCipherSuite(), nanos, "");
          }
        }

        @Override
        public void failed(String why, boolean abandoned, long nanos, Transport net) {
          if (FlightRecorder.isInitialized()) {
            Emit.tlsHandshake(net::remoteAddress, abandoned ? "abandoned" : "failed", "", "",
                nanos, String.valueOf(why));
          }
        }
      };

  /**
   * Makes and commits the events. A class of its own: verifying it loads the event classes,
   * and loading those sets JFR up, so it is loaded only once Flight Recorder runs.
   */
  private static final class Emit {
    static void opened(String url, Supplier<?> remote, boolean server) {
      Opened e = new Opened();
      if (e.shouldCommit()) {
        e.url = url;
        e.remote = String.valueOf(remote.get());
        e.server = server;
        e.commit();
      }
    }

    static final jdk.jfr.EventType CLOSED = jdk.jfr.EventType.getEventType(Closed.class);

    static boolean closedIsRecorded() {
      return CLOSED.isEnabled();
    }

    static void closed(String url, Supplier<?> remote, int code, boolean clean, long lifetime,
        long bytesIn, long bytesOut) {
      Closed e = new Closed();
      if (e.shouldCommit()) {
        e.url = url;
        e.remote = String.valueOf(remote.get());
        e.code = code;
        e.clean = clean;
        e.lifetime = lifetime;
        e.bytesIn = bytesIn;
        e.bytesOut = bytesOut;
        e.commit();
      }
    }

    static void handshakeRefused(Supplier<?> remote, int status, String reason) {
      HandshakeRefused e = new HandshakeRefused();
      if (e.shouldCommit()) {
        e.remote = String.valueOf(remote.get());
        e.status = status;
        e.reason = reason;
        e.commit();
      }
    }

    static void protocolError(Supplier<?> remote, String error, int closeCode, String message) {
      ProtocolErrorEvent e = new ProtocolErrorEvent();
      if (e.shouldCommit()) {
        e.remote = String.valueOf(remote.get());
        e.error = error;
        e.closeCode = closeCode;
        e.message = message;
        e.commit();
      }
    }

    static void slowConsumer(Supplier<?> remote, String action, long queuedBytes, long dropped) {
      SlowConsumer e = new SlowConsumer();
      if (e.shouldCommit()) {
        e.remote = String.valueOf(remote.get());
        e.action = action;
        e.queuedBytes = queuedBytes;
        e.dropped = dropped;
        e.commit();
      }
    }

    static void heartbeatTimeout(Supplier<?> remote, long pongTimeoutMillis) {
      HeartbeatTimeout e = new HeartbeatTimeout();
      if (e.shouldCommit()) {
        e.remote = String.valueOf(remote.get());
        e.pongTimeoutMillis = pongTimeoutMillis;
        e.commit();
      }
    }

    static void tlsHandshake(Supplier<?> remote, String result, String protocol,
        String cipherSuite, long nanos, String reason) {
      TlsHandshake e = new TlsHandshake();
      if (e.shouldCommit()) {
        e.remote = String.valueOf(remote.get());
        e.result = result;
        e.protocol = protocol;
        e.cipherSuite = cipherSuite;
        e.handshakeTime = nanos;
        e.reason = reason;
        e.commit();
      }
    }
  }

  @Name("dev.ippo.ConnectionOpened")
  @Label("WebSocket Opened")
  @Category("Ippo")
  @Description("A connection's opening handshake succeeded")
  @StackTrace(false)
  @Enabled(false)
  static final class Opened extends Event {
    @Label("URL")
    String url;
    @Label("Peer")
    String remote;
    @Label("Server Side")
    boolean server;
  }

  @Name("dev.ippo.ConnectionClosed")
  @Label("WebSocket Closed")
  @Category("Ippo")
  @Description("A connection closed: the code its close event carried (1006 without a"
      + " closing handshake)")
  @StackTrace(false)
  @Enabled(false)
  static final class Closed extends Event {
    @Label("URL")
    String url;
    @Label("Peer")
    String remote;
    @Label("Close Code")
    int code;
    @Label("Clean")
    boolean clean;
    @Label("Lifetime")
    @Description("From the opening handshake to the close event; -1 when the connection opened"
        + " before this event was recorded")
    @jdk.jfr.Timespan(jdk.jfr.Timespan.NANOSECONDS)
    long lifetime;
    @Label("Bytes In")
    @Description("WebSocket bytes received, frames as they came; -1 as for Lifetime")
    @jdk.jfr.DataAmount
    long bytesIn;
    @Label("Bytes Out")
    @Description("WebSocket bytes queued for the peer; -1 as for Lifetime")
    @jdk.jfr.DataAmount
    long bytesOut;
  }

  @Name("dev.ippo.HandshakeRefused")
  @Label("WebSocket Handshake Refused")
  @Category("Ippo")
  @Description("A server answered an opening handshake or a plain request with an error")
  @StackTrace(false)
  @Enabled(false)
  static final class HandshakeRefused extends Event {
    @Label("Peer")
    String remote;
    @Label("HTTP Status")
    int status;
    @Label("Reason")
    String reason;
  }

  @Name("dev.ippo.ProtocolError")
  @Label("WebSocket Protocol Error")
  @Category("Ippo")
  @Description("A peer broke RFC 6455 or 7692; the connection closes with the code")
  @StackTrace(false)
  @Enabled(false)
  static final class ProtocolErrorEvent extends Event {
    @Label("Peer")
    String remote;
    @Label("Error")
    String error;
    @Label("Close Code")
    int closeCode;
    @Label("Message")
    String message;
  }

  @Name("dev.ippo.SlowConsumer")
  @Label("WebSocket Slow Consumer")
  @Category("Ippo")
  @Description("A peer over its highWaterMark: ended (closed), or messages to it skipped"
      + " (dropped)")
  @StackTrace(false)
  @Enabled(false)
  static final class SlowConsumer extends Event {
    @Label("Peer")
    String remote;
    @Label("Action")
    String action;
    @Label("Queued Bytes")
    @jdk.jfr.DataAmount
    long queuedBytes;
    @Label("Messages Dropped")
    long dropped;
  }

  @Name("dev.ippo.HeartbeatTimeout")
  @Label("WebSocket Heartbeat Timeout")
  @Category("Ippo")
  @Description("A peer sent nothing within pongTimeout of a heartbeat ping and was ended")
  @StackTrace(false)
  @Enabled(false)
  static final class HeartbeatTimeout extends Event {
    @Label("Peer")
    String remote;
    @Label("Pong Timeout (ms)")
    long pongTimeoutMillis;
  }

  @Name("dev.ippo.TlsHandshake")
  @Label("WebSocket TLS Handshake")
  @Category("Ippo")
  @Description("A TLS handshake ended: ok, failed (the engine refused it) or abandoned (the"
      + " peer left, or it timed out, before the end)")
  @StackTrace(false)
  @Enabled(false)
  static final class TlsHandshake extends Event {
    @Label("Peer")
    String remote;
    @Label("Result")
    String result;
    @Label("Protocol")
    String protocol;
    @Label("Cipher Suite")
    String cipherSuite;
    @Label("Handshake Time")
    @jdk.jfr.Timespan(jdk.jfr.Timespan.NANOSECONDS)
    long handshakeTime;
    @Label("Reason")
    String reason;
  }
}
