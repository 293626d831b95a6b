package dev.ippo.conformance;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A case's side of one connection: sends masked frames (valid or not) and checks what comes
 * back, all within the case's deadline. Every check that does not hold throws
 * {@link CaseFailure} saying what was expected and what arrived.
 *
 * <p>With permessage-deflate agreed ({@link #deflate()} not null) a compressed reply (RSV1 on
 * its first frame) is inflated before it is compared, and {@link #sendMessage} compresses.
 *
 * <p>Not thread safe: the case's thread only.
 */
final class CaseSession {
  private final RawClient client;
  private final long deadlineNanos;
  private final Duration timeout;
  private final DeflateCodec deflate;
  private final Connector connector;
  private Integer closeCode;
  private boolean closeSent;
  private String writeError;

  CaseSession(RawClient client, Duration timeout) {
    this(client, timeout, null, null);
  }

  /**
   * @param deflate the codec for what was agreed, or null when nothing was
   * @param connector how the case's connection was opened, for {@link #expectStillServes}
   */
  CaseSession(RawClient client, Duration timeout, DeflateCodec deflate, Connector connector) {
    this.client = client;
    this.timeout = timeout;
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    this.deflate = deflate;
    this.connector = connector;
  }

  /** The permessage-deflate codec of this connection, or null when none was agreed. */
  DeflateCodec deflate() {
    return deflate;
  }

  /** The code of the close frame the server sent, 1005 for an empty one, or null. */
  Integer closeCode() {
    return closeCode;
  }

  // ---- sending: every frame masked with a fresh random key ----

  static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
    return FrameCodec.masked(fin, rsv, opcode, payload);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes bytes. A write that fails is remembered rather than thrown: after a violation the
   * server may rightly have closed already, and what counts is what it sent before.
   */
  void send(byte[] rawBytes) {
    if (writeError != null) {
      return;
    }
    try {
      client.write(rawBytes);
    } catch (IOException e) {
      writeError = e.toString();
    }
  }

  /** Sends several pieces in one write, so they arrive together. */
  void sendTogether(byte[]... pieces) {
    send(concat(pieces));
  }

  void sendFrame(boolean fin, int rsv, int opcode, byte[] payload) {
    send(frame(fin, rsv, opcode, payload));
  }

  void text(String text) {
    sendFrame(true, 0, Frame.TEXT, utf8(text));
  }

  void binary(byte[] data) {
    sendFrame(true, 0, Frame.BINARY, data);
  }

  /**
   * The frame of a whole message: compressed with RSV1 when deflate was agreed and the
   * agreed window allows it, as it is otherwise.
   */
  byte[] messageFrame(int opcode, byte[] payload) {
    if (deflate != null && deflate.mayCompress(payload.length)) {
      return frame(true, Frame.RSV1, opcode, deflate.compress(payload));
    }
    return frame(true, 0, opcode, payload);
  }

  /** Sends a whole message, compressed where {@link #messageFrame} does. */
  void sendMessage(int opcode, byte[] payload) {
    send(messageFrame(opcode, payload));
  }

  void ping(byte[] payload) {
    sendFrame(true, 0, Frame.PING, payload);
  }

  void close(int code, String reason) {
    closeSent = true;
    sendFrame(true, 0, Frame.CLOSE, FrameCodec.closePayload(code, reason));
  }

  /** Marks that a close frame went out in bytes the case built itself. */
  void closeSentByHand() {
    closeSent = true;
  }

  /** Writes bytes in chunks with a pause after each; a failed write is remembered. */
  void sendChunked(byte[] rawBytes, int chunk, Duration pause) throws InterruptedException {
    if (writeError != null) {
      return;
    }
    try {
      client.writeChunked(rawBytes, chunk, pause);
    } catch (IOException e) {
      writeError = e.toString();
    }
  }

  /** Writes pieces on another thread while this one reads the echoes. */
  CompletableFuture<Void> sendInBackground(List<byte[]> pieces) {
    return client.writeInBackground(pieces);
  }

  // ---- expecting ----

  void expectText(String text) throws CaseFailure {
    expectMessage(Frame.TEXT, utf8(text));
  }

  void expectText(byte[] utf8) throws CaseFailure {
    expectMessage(Frame.TEXT, utf8);
  }

  void expectBinary(byte[] data) throws CaseFailure {
    expectMessage(Frame.BINARY, data);
  }

  /**
   * The next message, reassembled if the server fragmented it and inflated if it compressed
   * it (RSV1 on the first frame, only where deflate was agreed), must be this one.
   */
  void expectMessage(int opcode, byte[] payload) throws CaseFailure {
    String what = Frame.name(opcode) + " echo of " + payload.length + " bytes";
    Frame first = next(what);
    boolean compressed = deflate != null && first.rsv() == Frame.RSV1;
    if (first.opcode() != opcode || (first.rsv() != 0 && !compressed) || first.masked()) {
      throw new CaseFailure("expected " + what + ", got " + first);
    }
    byte[] data = first.payload();
    Frame last = first;
    while (!last.fin()) {
      last = next("continuation of the " + what);
      if (last.opcode() != Frame.CONTINUATION || last.rsv() != 0 || last.masked()) {
        throw new CaseFailure("expected a continuation of the " + what + ", got " + last);
      }
      data = concat(data, last.payload());
    }
    if (compressed) {
      try {
        data = deflate.inflate(data);
      } catch (java.util.zip.DataFormatException e) {
        throw new CaseFailure("the compressed " + what + " (" + data.length
            + " bytes) does not inflate: " + e.getMessage());
      }
    }
    if (!Arrays.equals(data, payload)) {
      throw new CaseFailure("expected " + what + ", got " + data.length
          + " bytes differing at byte " + Arrays.mismatch(data, payload));
    }
  }

  void expectPong(byte[] payload) throws CaseFailure {
    Frame f = next("pong of " + payload.length + " bytes");
    if (f.opcode() != Frame.PONG || !f.fin() || f.rsv() != 0 || f.masked()) {
      throw new CaseFailure("expected a pong of " + payload.length + " bytes, got " + f);
    }
    if (!Arrays.equals(f.payload(), payload)) {
      throw new CaseFailure("pong payload differs from the ping's: " + f);
    }
  }

  /**
   * The next frame must be a close with {@code code} (1005: an empty close), after which the
   * server must close the TCP connection without sending anything more. A close frame is
   * sent back first, unless this side already sent one.
   */
  void expectClose(int code) throws CaseFailure {
    expectClose(next("close " + code), code);
  }

  /** The server must close the TCP connection with nothing more sent. */
  void expectTcpClose() throws CaseFailure {
    try {
      while (!client.awaitEof(deadlineNanos)) {
        Frame extra = client.nextFrame(deadlineNanos);
        if (extra != null) {
          throw new CaseFailure("frame after the close: " + extra);
        }
      }
    } catch (SocketTimeoutException e) {
      throw new CaseFailure("the server did not close the TCP connection within "
          + timeout.toMillis() + " ms");
    } catch (IOException e) {
      throw new CaseFailure("after the close: " + e.getMessage());
    }
  }

  /**
   * A second connection, opened as this one was (same path, same offer), still gets a text
   * and a binary message echoed, compressed where agreed: the server keeps serving others
   * after failing this connection.
   */
  void expectStillServes() throws CaseFailure {
    if (connector == null) {
      throw new IllegalStateException("this session cannot open another connection");
    }
    DeflateCodec codec = null;
    try (RawClient other = connector.open()) {
      codec = connector.negotiate(other);
      CaseSession again = new CaseSession(other, timeout, codec, connector);
      byte[] text = Payloads.text(300);
      byte[] binary = Payloads.binary(300, 300);
      again.sendMessage(Frame.TEXT, text);
      again.sendMessage(Frame.BINARY, binary);
      again.expectText(text);
      again.expectBinary(binary);
      again.closeNormally();
    } catch (CaseFailure e) {
      throw new CaseFailure("second connection: " + e.getMessage());
    } catch (IOException e) {
      throw new CaseFailure("second connection: " + e);
    } finally {
      if (codec != null) {
        codec.end();
      }
    }
  }

  /** Closes with 1000 and expects the echo and the TCP close: how a valid case ends. */
  Outcome closeNormally() throws CaseFailure {
    close(1000, "");
    expectClose(1000);
    return Outcome.OK;
  }

  /**
   * The first frame to arrive within {@code window}, or null when none does. The TCP
   * connection ending in the window is a failure.
   */
  Frame poll(Duration window) throws CaseFailure {
    long until = Math.min(deadlineNanos, System.nanoTime() + window.toNanos());
    try {
      Frame f = client.nextFrame(until);
      noteClose(f);
      if (f == null) {
        throw new CaseFailure("the server closed the TCP connection without a close frame");
      }
      return f;
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      throw new CaseFailure("while waiting: " + e.getMessage());
    }
  }

  /** Like {@link #expectClose(int)}, for a frame already read (e.g. by {@link #poll}). */
  void expectClose(Frame f, int code) throws CaseFailure {
    if (f.opcode() != Frame.CLOSE || !f.fin() || f.rsv() != 0 || f.masked()) {
      throw new CaseFailure("expected close " + code + ", got " + f);
    }
    closeCode = f.closeCode();
    if (closeCode != code) {
      throw new CaseFailure("expected close code " + code + ", got " + closeCode);
    }
    if (!closeSent) {
      replyToClose(code);
    }
    expectTcpClose();
  }

  private void replyToClose(int code) {
    closeSent = true;
    byte[] payload = code == 1005 ? new byte[0] : FrameCodec.closePayload(code, "");
    try {
      client.write(frame(true, 0, Frame.CLOSE, payload));
    } catch (IOException ignored) {
      // The server may already have closed; what matters next is that it did.
    }
  }

  /** Any close frame the server sends is recorded, expected or not. */
  private void noteClose(Frame f) {
    if (f != null && f.opcode() == Frame.CLOSE && closeCode == null) {
      closeCode = f.closeCode();
    }
  }

  private CaseFailure failure(String message) {
    return new CaseFailure(writeError == null ? message
        : message + " (an earlier write had failed: " + writeError + ")");
  }

  private Frame next(String waitingFor) throws CaseFailure {
    try {
      Frame f = client.nextFrame(deadlineNanos);
      noteClose(f);
      if (f == null) {
        throw failure("expected " + waitingFor
            + ", but the server closed the TCP connection without a close frame");
      }
      return f;
    } catch (SocketTimeoutException e) {
      throw failure("nothing within " + timeout.toMillis() + " ms; expected " + waitingFor);
    } catch (IOException e) {
      throw failure("expected " + waitingFor + ": " + e.getMessage());
    }
  }

  static byte[] concat(byte[]... pieces) {
    int n = 0;
    for (byte[] p : pieces) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : pieces) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
