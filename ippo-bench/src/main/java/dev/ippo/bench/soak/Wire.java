package dev.ippo.bench.soak;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * One client connection of the soak, written from RFC 6455 alone (it shares no code with
 * Ippo, so it cannot share Ippo's mistakes): a blocking socket, a handshake, masked frames
 * out, frames in. Reading keeps its own buffer, so a read that times out in the middle of a
 * frame loses nothing and {@link #poll} can wait for "a frame or the next thing to do".
 *
 * <p>Not thread safe: one soak slot's thread uses it, though {@link #reset} may come from the
 * soak's reaper.
 */
final class Wire implements Closeable {
  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  /**
   * No answer the soak waits for should take longer, even on a loaded machine. It was 10 s,
   * which a 2-core machine does not keep while the servers share it with this JVM's 2000
   * threads and with anything else: Linux shares the CPU by thread, and under a concurrent
   * Maven build each event loop of ./ippo chat spent ~90 % of the time runnable but waiting
   * for a CPU (its /proc/PID/task/TID/schedstat), and answered all its peers at once up to
   * 5 s late; the run saw more than 10 s, in the ramp of its first minute, and no
   * line lost. A server that does not answer at all still fails, in 30 s or by the reaper.
   */
  static final int TIMEOUT_MS = 30_000;
  /** The largest frame this client reads; the soak's largest echo is 64 KiB. */
  private static final int MAX_FRAME = 1 << 20;
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** A frame as read. */
  record Frame(boolean fin, int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** A close frame's code, 1005 when it has none. */
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final Random random;
  private byte[] buffer = new byte[8192];
  private int start;
  private int end;
  // What came last (when this thread parsed it), for failure messages that say how long
  // the server was silent.
  private long frames;
  private long lastFrameNanos = System.nanoTime();
  private Frame lastFrame;

  private Wire(Socket socket, Random random) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.random = random;
  }

  /**
   * A TCP connection to {@code server}, not yet upgraded.
   *
   * @param receiveBuffer the socket's receive buffer in bytes, 0 for the system's: a slow
   *     reader sets a small one so the server's queue, not the kernel, holds what it owes
   */
  static Wire connect(InetSocketAddress server, int receiveBuffer, Random random)
      throws IOException {
    Socket socket = new Socket();
    try {
      if (receiveBuffer > 0) {
        socket.setReceiveBufferSize(receiveBuffer);
      }
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(TIMEOUT_MS);
      socket.connect(server, TIMEOUT_MS);
      return new Wire(socket, random);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Connects and upgrades; throws {@link Unexpected} when the server does not answer 101. */
  static Wire open(InetSocketAddress server, String path, int receiveBuffer, Random random)
      throws IOException {
    Wire wire = connect(server, receiveBuffer, random);
    try {
      wire.upgrade(server, path);
      return wire;
    } catch (IOException | RuntimeException e) {
      wire.reset();
      throw e;
    }
  }

  private void upgrade(InetSocketAddress server, String path) throws IOException {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    sendRaw(("GET " + path + " HTTP/1.1\r\nHost: " + server.getHostString() + ":"
        + server.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    String head = readHead();
    if (!head.startsWith("HTTP/1.1 101 ")) {
      throw new Unexpected("upgrade answered " + head.lines().findFirst().orElse(""));
    }
    String accept = "sec-websocket-accept: " + acceptKey(key);
    if (head.lines().noneMatch(line -> line.equalsIgnoreCase(accept))) {
      throw new Unexpected("upgrade without the right Sec-WebSocket-Accept");
    }
  }

  /** The HTTP head the server answered with, without its blank line. */
  String readHead() throws IOException {
    while (true) {
      for (int i = start; i + 3 < end; i++) {
        if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r'
            && buffer[i + 3] == '\n') {
          String head = new String(buffer, start, i - start, StandardCharsets.ISO_8859_1);
          start = i + 4;
          return head;
        }
      }
      if (end - start > 8192) {
        throw new Unexpected("an HTTP head over 8 KiB");
      }
      // A timeout ended nothing here, so a server that never answered the upgrade held
      // its peer until the reaper, 90 s, and the failure did not say why.
      if (!fill(TIMEOUT_MS)) {
        throw new Unexpected("no answer to the upgrade within " + TIMEOUT_MS + " ms ("
            + (end - start) + " bytes of it)");
      }
    }
  }

  private static String acceptKey(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One whole masked frame. */
  void send(int opcode, byte[] payload) throws IOException {
    sendFrame(true, opcode, 0, payload, true);
  }

  /** A text message. */
  void send(String text) throws IOException {
    send(TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A close frame with {@code code} and an empty reason. */
  void sendClose(int code) throws IOException {
    send(CLOSE, new byte[] {(byte) (code >> 8), (byte) code});
  }

  /** Sends {@code payload} in {@code pieces} fragments of about equal size. */
  void sendFragmented(int opcode, byte[] payload, int pieces) throws IOException {
    int step = Math.max(1, payload.length / pieces);
    int at = 0;
    int first = opcode;
    do {
      int to = Math.min(payload.length, at + step);
      boolean last = to == payload.length || pieces == 1;
      if (last) {
        to = payload.length;
      }
      sendFrame(last, first, 0, Arrays.copyOfRange(payload, at, to), true);
      first = CONTINUATION;
      pieces--;
      at = to;
    } while (at < payload.length);
  }

  /**
   * Any frame, as the soak's invalid peers need: {@code rsv} is the three RSV bits (0-7) and
   * an unmasked frame from a client breaks RFC 6455 section 5.1.
   */
  void sendFrame(boolean fin, int opcode, int rsv, byte[] payload, boolean masked)
      throws IOException {
    sendRaw(frame(fin, opcode, rsv, payload.length, payload, masked));
  }

  /** A frame's bytes; {@code announced} is the length the header claims. */
  byte[] frame(boolean fin, int opcode, int rsv, long announced, byte[] payload,
      boolean masked) {
    int lengthBytes = announced < 126 ? 0 : announced < 65536 ? 2 : 8;
    byte[] frame = new byte[2 + lengthBytes + (masked ? 4 : 0) + payload.length];
    frame[0] = (byte) ((fin ? 0x80 : 0) | (rsv & 7) << 4 | opcode);
    frame[1] = (byte) ((masked ? 0x80 : 0)
        | (lengthBytes == 0 ? (int) announced : lengthBytes == 2 ? 126 : 127));
    for (int i = 0; i < lengthBytes; i++) {
      frame[2 + i] = (byte) (announced >>> (8 * (lengthBytes - 1 - i)));
    }
    int at = 2 + lengthBytes;
    byte[] mask = new byte[4];
    if (masked) {
      random.nextBytes(mask);
      System.arraycopy(mask, 0, frame, at, 4);
      at += 4;
    }
    for (int i = 0; i < payload.length; i++) {
      frame[at + i] = (byte) (payload[i] ^ mask[i & 3]);
    }
    return frame;
  }

  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The next frame, waiting at most {@link #TIMEOUT_MS}. */
  Frame read() throws IOException {
    Frame frame = poll(TIMEOUT_MS);
    if (frame == null) {
      throw new Unexpected("no frame within " + TIMEOUT_MS + " ms (" + lastHeard() + ")");
    }
    return frame;
  }

  /**
   * What the server sent last and how long ago: a failure that says so tells a server silent
   * to this peer from one that talks but left out what the peer waited for.
   */
  String lastHeard() {
    long silentMs = (System.nanoTime() - lastFrameNanos) / 1_000_000;
    return "port " + socket.getLocalPort() + ", " + frames + " frames so far, the last "
        + silentMs + " ms ago: " + describe(lastFrame);
  }

  /** The next data frame, skipping pings and pongs (the soak's servers send none). */
  Frame readData() throws IOException {
    while (true) {
      Frame frame = read();
      if (frame.opcode != PING && frame.opcode != PONG) {
        return frame;
      }
    }
  }

  /**
   * The next frame if one arrives within {@code timeoutMs}, else null. A partial frame stays
   * buffered for the next call. Past the deadline it still takes what the kernel holds
   * already: a thread of the soak's busy JVM may run long after its deadline (its 2000
   * threads share two cores), and a frame that arrived meanwhile came in time.
   */
  Frame poll(long timeoutMs) throws IOException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (true) {
      Frame frame = parse();
      if (frame != null) {
        return frame;
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (!fill(Math.max(1, left))) {
        return null;
      }
    }
  }

  /**
   * The frames that have arrived already, buffered here or in the kernel, without waiting
   * for more: what came before a deadline that this thread noticed late.
   */
  List<Frame> arrived() throws IOException {
    int waiting = in.available();
    while (waiting > 0) {
      makeRoom();
      int n = in.read(buffer, end, Math.min(waiting, buffer.length - end));
      if (n < 0) {
        throw new EOFException("the server ended the stream");
      }
      end += n;
      waiting -= n;
    }
    List<Frame> frames = new ArrayList<>();
    for (Frame frame; (frame = parse()) != null; ) {
      frames.add(frame);
    }
    return frames;
  }

  /** Reads until the peer's close frame and then its end of stream; the close's code. */
  int readCloseAndEnd() throws IOException {
    while (true) {
      Frame frame = read();
      if (frame.opcode == CLOSE) {
        expectEnd();
        return frame.closeCode();
      }
    }
  }

  /** Fails unless the server ends the stream (FIN or reset) within the timeout. */
  void expectEnd() throws IOException {
    try {
      while (fill(TIMEOUT_MS)) {
        start = end; // bytes after the close frame are not the soak's concern
      }
      throw new Unexpected("the server did not end the connection within " + TIMEOUT_MS + " ms");
    } catch (EOFException | java.net.SocketException ended) {
      // what was expected
    }
  }

  private Frame parse() throws Unexpected {
    int available = end - start;
    if (available < 2) {
      return null;
    }
    int b0 = buffer[start] & 0xFF;
    int b1 = buffer[start + 1] & 0xFF;
    if ((b1 & 0x80) != 0) {
      throw new Unexpected("a masked frame from the server");
    }
    int header = 2;
    long length = b1 & 0x7F;
    if (length >= 126) {
      int bytes = length == 126 ? 2 : 8;
      if (available < 2 + bytes) {
        return null;
      }
      length = 0;
      for (int i = 0; i < bytes; i++) {
        length = (length << 8) | (buffer[start + 2 + i] & 0xFF);
      }
      header += bytes;
    }
    if (length > MAX_FRAME) {
      throw new Unexpected("a frame of " + length + " bytes from the server");
    }
    if (available < header + length) {
      ensureRoom(header + (int) length);
      return null;
    }
    byte[] payload = Arrays.copyOfRange(buffer, start + header, start + header + (int) length);
    start += header + (int) length;
    Frame frame = new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
    frames++;
    lastFrameNanos = System.nanoTime();
    lastFrame = frame;
    return frame;
  }

  private static String describe(Frame frame) {
    if (frame == null) {
      return "none";
    }
    if (frame.opcode() != TEXT) {
      return "opcode " + frame.opcode() + ", " + frame.payload().length + " bytes";
    }
    String text = frame.text();
    return text.length() <= 60 ? text : text.substring(0, 60) + "...";
  }

  private void ensureRoom(int frameSize) {
    if (buffer.length < frameSize) {
      buffer = Arrays.copyOfRange(buffer, start, start + Math.max(frameSize, buffer.length * 2));
      end -= start;
      start = 0;
    }
  }

  /**
   * Reads what the socket has within {@code timeoutMs}: false on a timeout.
   *
   * @throws EOFException when the server ended the stream
   */
  private boolean fill(long timeoutMs) throws IOException {
    makeRoom();
    socket.setSoTimeout((int) Math.max(1, Math.min(timeoutMs, Integer.MAX_VALUE)));
    int n;
    try {
      n = in.read(buffer, end, buffer.length - end);
    } catch (SocketTimeoutException e) {
      return false;
    }
    if (n < 0) {
      throw new EOFException("the server ended the stream");
    }
    end += n;
    return true;
  }

  /** Moves what is unread to the front, and doubles the buffer when it is full. */
  private void makeRoom() {
    if (start == end) {
      start = 0;
      end = 0;
    } else if (end == buffer.length) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
      if (end == buffer.length) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
    }
  }

  /** Reads at most {@code bytes} raw bytes (for a slow reader): how many came, -1 at the end. */
  int drain(int bytes) throws IOException {
    byte[] sink = new byte[bytes];
    socket.setSoTimeout(TIMEOUT_MS);
    return in.read(sink);
  }

  /** Ends the connection with a TCP reset: no close frame, no FIN. */
  void reset() {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException ignored) {
      // already closed
    }
    close();
  }

  /** Closes the socket (a FIN) without a close frame. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing left to do
    }
  }

  /** What went wrong that a correct server would not have caused. */
  static final class Unexpected extends IOException {
    Unexpected(String message) {
      super(message);
    }
  }
}
