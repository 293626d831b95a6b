package dev.ippo.internal.codec;

import static dev.ippo.internal.codec.WebSocketProtocol.B0_FLAG_FIN;
import static dev.ippo.internal.codec.WebSocketProtocol.B0_FLAG_RSV1;
import static dev.ippo.internal.codec.WebSocketProtocol.B0_FLAG_RSV2;
import static dev.ippo.internal.codec.WebSocketProtocol.B0_FLAG_RSV3;
import static dev.ippo.internal.codec.WebSocketProtocol.B0_MASK_OPCODE;
import static dev.ippo.internal.codec.WebSocketProtocol.B1_FLAG_MASK;
import static dev.ippo.internal.codec.WebSocketProtocol.B1_MASK_LENGTH;
import static dev.ippo.internal.codec.WebSocketProtocol.MAX_HEADER_LENGTH;
import static dev.ippo.internal.codec.WebSocketProtocol.OPCODE_BINARY;
import static dev.ippo.internal.codec.WebSocketProtocol.OPCODE_CLOSE;
import static dev.ippo.internal.codec.WebSocketProtocol.OPCODE_CONTINUATION;
import static dev.ippo.internal.codec.WebSocketProtocol.OPCODE_PING;
import static dev.ippo.internal.codec.WebSocketProtocol.OPCODE_PONG;
import static dev.ippo.internal.codec.WebSocketProtocol.OPCODE_TEXT;
import static dev.ippo.internal.codec.WebSocketProtocol.PAYLOAD_BYTE_MAX;
import static dev.ippo.internal.codec.WebSocketProtocol.PAYLOAD_LONG;
import static dev.ippo.internal.codec.WebSocketProtocol.PAYLOAD_SHORT;

import dev.ippo.ProtocolError;
import java.nio.ByteBuffer;

/**
 * Turns bytes from the peer into messages and control frames, in any split.
 *
 * <p>A state machine over the bytes it is pushed: it never blocks, never does I/O and keeps
 * no buffer between messages. A whole frame inside the buffer given to {@link #read} is
 * unmasked in place and handed out in that buffer, narrowed to it, so <b>the reader may
 * overwrite the bytes it reads</b>. Otherwise the payload is gathered into a heap buffer that
 * grows with the bytes that came (from {@link #FIRST_BUFFER}, doubling), never from the length
 * a header announces, and is released once delivered.
 *
 * <p>Text messages are UTF-8 validated as their bytes arrive, so an impossible byte is
 * reported at once, even in the first fragment of a long message. Control frames between
 * the fragments of a message are delivered as soon as they are read.
 *
 * <p>With permessage-deflate agreed ({@link #inflateWith}), a compressed message is inflated
 * as its bytes arrive, never gathered compressed; inflating past {@code maxPayload} is
 * refused at the frame that crosses it, and the inflated text is UTF-8 validated.
 *
 * <p>Every violation, compressed or not, goes through one method that reports it once; the
 * reader then ignores everything it is given. So does it after a close frame.
 *
 * <p>Not thread safe: one connection's thread calls {@link #read} at a time.
 */
public final class FrameReader {

  /** What the reader reports. Payload buffers are only valid during the call. */
  public interface Sink {
    /** A whole text (UTF-8 validated) or binary message; may lie in the buffer being read. */
    void onMessage(ByteBuffer payload, boolean text);

    /**
     * A whole message that the reader gathered across reads into an array of exactly its
     * size, which it lets go of: the sink may keep {@code payload} without copying it.
     */
    default void onOwnMessage(byte[] payload, boolean text) {
      onMessage(ByteBuffer.wrap(payload), text);
    }

    void onPing(ByteBuffer payload);

    void onPong(ByteBuffer payload);

    /** A close frame; {@code code} is 1005 when it carried no payload. */
    void onClose(int code, String reason);

    /** A violation; the reader reads nothing more after it. */
    void onProtocolError(ProtocolException error);
  }

  private enum State {
    /** Gathering the 2 to 14 header bytes. */
    HEADER,
    /** Reading the payload of the current frame. */
    PAYLOAD,
    /** After a close frame or a violation: every byte is ignored. */
    FINISHED
  }

  /** Largest array the JVM reliably allocates; a longer message cannot be buffered. */
  private static final long MAX_BUFFER = Integer.MAX_VALUE - 8;
  /** The first size of a gathered message's buffer, unless its whole length is smaller. */
  static final int FIRST_BUFFER = 4096;

  private final Role role;
  private final long maxPayload;
  private final MemoryBudget budget;
  /** What this reader has taken from {@link #budget}: its {@link #heldBytes()} when settled. */
  private long taken;
  private final Sink sink;
  private final Utf8Validator utf8 = new Utf8Validator();
  /** Inflates compressed messages; null while permessage-deflate is not agreed. */
  private MessageInflater inflater;

  private State state = State.HEADER;

  private final byte[] header = new byte[MAX_HEADER_LENGTH];
  private int headerFilled;

  /** Length of the whole header, known once its first two bytes are in; 0 before. */
  private int headerLength;

  // The frame being read.
  private boolean fin;
  private boolean rsv1;
  private int opcode;
  private boolean masked;
  private int maskKey;
  private long payloadLength;
  private long payloadRead;

  // The data message being read, across its fragments.
  private boolean messageOpen;
  private boolean messageText;
  private boolean messageCompressed;
  private long messageLength;
  private ByteBuffer messageBuffer;

  /** Holds a control frame's payload when it arrives in pieces; allocated on first need. */
  private byte[] controlBytes;

  /**
   * @param role which end reads: a server requires masked frames, a client unmasked ones
   * @param maxPayload the largest message (sum of its fragments) accepted; larger is 1009
   * @param sink receives what is read
   */
  public FrameReader(Role role, long maxPayload, Sink sink) {
    this(role, maxPayload, MemoryBudget.UNLIMITED, sink);
  }

  /**
   * @param role which end reads: a server requires masked frames, a client unmasked ones
   * @param maxPayload the largest message (sum of its fragments) accepted; larger is 1009
   * @param budget shared with other readers: a message whose buffer it cannot afford is
   *     refused with 1009, as one over {@code maxPayload} is
   * @param sink receives what is read
   */
  public FrameReader(Role role, long maxPayload, MemoryBudget budget, Sink sink) {
    if (maxPayload < 0) {
      throw new IllegalArgumentException("maxPayload < 0: " + maxPayload);
    }
    if (role == null || sink == null || budget == null) {
      throw new NullPointerException(role == null ? "role" : sink == null ? "sink" : "budget");
    }
    this.role = role;
    this.maxPayload = Math.min(maxPayload, MAX_BUFFER);
    this.budget = budget;
    this.sink = sink;
  }

  /**
   * Turns permessage-deflate (RFC 7692) on: RSV1 on the first frame of a data message then
   * marks it compressed instead of being a violation (RSV1 on a continuation or a control
   * frame stays one), and such a message goes through {@code inflater} as it arrives. Its
   * compressed bytes, and what they inflate to, are each bounded by {@code maxPayload}.
   */
  public void inflateWith(MessageInflater inflater) {
    this.inflater = inflater;
  }

  /**
   * Consumes every remaining byte of {@code src}, reporting to the sink as it goes.
   * Afterwards {@code src.position() == src.limit()}; its bytes may have been unmasked in
   * place.
   */
  public void read(ByteBuffer src) {
    while (state != State.FINISHED && src.hasRemaining()) {
      if (state == State.HEADER) {
        readHeader(src);
      } else {
        readPayload(src);
      }
    }
    src.position(src.limit());
  }

  /** Whether a close frame or a violation was read; later bytes are ignored. */
  public boolean isFinished() {
    return state == State.FINISHED;
  }

  /** The connection ended: reads nothing more, quietly, and gives back what it held. */
  public void discard() {
    finish();
  }

  private void readHeader(ByteBuffer src) {
    if (headerLength == 0) {
      while (headerFilled < 2 && src.hasRemaining()) {
        header[headerFilled++] = src.get();
      }
      if (headerFilled < 2 || !checkFirstTwoBytes()) {
        return;
      }
    }
    int n = Math.min(headerLength - headerFilled, src.remaining());
    src.get(header, headerFilled, n);
    headerFilled += n;
    if (headerFilled == headerLength) {
      headerDone();
    }
  }

  /** Checks flags, opcode and the 7-bit length, and learns the header's length. */
  private boolean checkFirstTwoBytes() {
    int b0 = header[0] & 0xFF;
    int b1 = header[1] & 0xFF;
    fin = (b0 & B0_FLAG_FIN) != 0;
    rsv1 = (b0 & B0_FLAG_RSV1) != 0;
    opcode = b0 & B0_MASK_OPCODE;
    masked = (b1 & B1_FLAG_MASK) != 0;
    int length7 = b1 & B1_MASK_LENGTH;
    boolean control = WebSocketProtocol.isControl(opcode);

    if (opcode != OPCODE_CONTINUATION
        && opcode != OPCODE_TEXT
        && opcode != OPCODE_BINARY
        && opcode != OPCODE_CLOSE
        && opcode != OPCODE_PING
        && opcode != OPCODE_PONG) {
      return fail(ProtocolError.INVALID_OPCODE, "Invalid opcode " + opcode);
    }
    if ((b0 & (B0_FLAG_RSV2 | B0_FLAG_RSV3)) != 0) {
      return fail(ProtocolError.UNEXPECTED_RSV_2_3, "RSV2 and RSV3 must be clear");
    }
    // RSV1 only means something on the first frame of a data message, and only once an
    // extension (permessage-deflate) has given it a meaning through inflateWith.
    if (rsv1 && (inflater == null || control || opcode == OPCODE_CONTINUATION)) {
      return fail(ProtocolError.UNEXPECTED_RSV_1, "RSV1 must be clear");
    }
    if (role == Role.SERVER && !masked) {
      return fail(ProtocolError.EXPECTED_MASK, "MASK must be set");
    }
    if (role == Role.CLIENT && masked) {
      return fail(ProtocolError.UNEXPECTED_MASK, "MASK must be clear");
    }
    if (control) {
      if (!fin) {
        return fail(ProtocolError.EXPECTED_FIN, "FIN must be set on a control frame");
      }
      if (length7 > PAYLOAD_BYTE_MAX) {
        return fail(
            ProtocolError.INVALID_CONTROL_PAYLOAD_LENGTH,
            "Control frame payload longer than 125 bytes");
      }
      if (opcode == OPCODE_CLOSE && length7 == 1) {
        return fail(ProtocolError.INVALID_CLOSE_PAYLOAD, "Close frame payload of 1 byte");
      }
    } else if (opcode == OPCODE_CONTINUATION) {
      if (!messageOpen) {
        return fail(ProtocolError.UNEXPECTED_CONTINUATION, "Continuation with no message");
      }
    } else if (messageOpen) {
      return fail(
          ProtocolError.EXPECTED_CONTINUATION, "New data frame inside a fragmented message");
    }
    // Non-minimal length forms are accepted: RFC 6455 5.2 binds the sender only, and
    // browsers and Node's ws accept them too.
    int extended = length7 == PAYLOAD_SHORT ? 2 : length7 == PAYLOAD_LONG ? 8 : 0;
    headerLength = 2 + extended + (masked ? 4 : 0);
    return true;
  }

  /** The whole header is in: learns length and mask key, checks the message size. */
  private void headerDone() {
    int length7 = header[1] & B1_MASK_LENGTH;
    int p = 2;
    if (length7 == PAYLOAD_SHORT) {
      payloadLength = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
      p = 4;
    } else if (length7 == PAYLOAD_LONG) {
      long length = 0;
      for (int i = 2; i < 10; i++) {
        length = (length << 8) | (header[i] & 0xFF);
      }
      if (length < 0) {
        fail(ProtocolError.INVALID_PAYLOAD_LENGTH, "64-bit length with its top bit set");
        return;
      }
      payloadLength = length;
      p = 10;
    } else {
      payloadLength = length7;
    }
    maskKey =
        masked
            ? ((header[p] & 0xFF) << 24)
                | ((header[p + 1] & 0xFF) << 16)
                | ((header[p + 2] & 0xFF) << 8)
                | (header[p + 3] & 0xFF)
            : 0;
    headerFilled = 0;
    headerLength = 0;
    payloadRead = 0;

    if (!WebSocketProtocol.isControl(opcode)) {
      long before = opcode == OPCODE_CONTINUATION ? messageLength : 0;
      if (payloadLength > maxPayload - before) {
        fail(ProtocolError.MESSAGE_TOO_BIG, "Message longer than " + maxPayload + " bytes");
        return;
      }
      if (opcode != OPCODE_CONTINUATION) {
        messageOpen = true;
        messageText = opcode == OPCODE_TEXT;
        messageCompressed = rsv1;
        messageLength = 0;
        utf8.reset();
      }
    }
    if (payloadLength == 0) {
      state = State.HEADER;
      if (WebSocketProtocol.isControl(opcode)) {
        controlFrame(ByteBuffer.allocate(0));
      } else {
        dataFrameDone();
      }
    } else {
      state = State.PAYLOAD;
    }
  }

  private void readPayload(ByteBuffer src) {
    long left = payloadLength - payloadRead;
    int available = src.remaining();
    if (WebSocketProtocol.isControl(opcode)) {
      readControlPayload(src, (int) left, available);
      return;
    }
    if (messageCompressed) {
      readCompressedPayload(src, (int) Math.min(available, left));
      return;
    }
    if (payloadRead == 0 && fin && opcode != OPCODE_CONTINUATION && available >= left) {
      // Fast path: a whole unfragmented message lies in src; hand it out where it lies.
      int end = src.position() + (int) left;
      int limit = narrowToPayload(src, (int) left);
      state = State.HEADER;
      if (validatesText() && !(utf8.update(src) && utf8.isComplete())) {
        src.limit(limit).position(end);
        fail(ProtocolError.INVALID_UTF8, "Invalid UTF-8 in text message");
        return;
      }
      deliverMessage(src);
      src.limit(limit).position(end);
      return;
    }
    int n = (int) Math.min(available, left);
    if (!ensureRoom(n, left)) {
      return;
    }
    int start = src.position();
    int limit = src.limit();
    src.limit(start + n);
    if (masked) {
      Masking.mask(src, maskKey, payloadRead);
    }
    // Validate before copying, so a bad byte is reported as soon as it is read.
    if (validatesText() && !utf8.update(src)) {
      src.limit(limit);
      fail(ProtocolError.INVALID_UTF8, "Invalid UTF-8 in text message");
      return;
    }
    messageBuffer.put(src);
    src.limit(limit);
    payloadRead += n;
    messageLength += n;
    if (payloadRead == payloadLength) {
      state = State.HEADER;
      dataFrameDone();
    }
  }

  /** Unmasks {@code n} bytes of a compressed message where they are and inflates them. */
  private void readCompressedPayload(ByteBuffer src, int n) {
    int start = src.position();
    ByteBuffer chunk = src.slice(start, n);
    src.position(start + n);
    if (masked) {
      Masking.mask(chunk, maskKey, payloadRead);
    }
    payloadRead += n;
    messageLength += n;
    try {
      inflater.feed(chunk, maxPayload);
    } catch (ProtocolException e) {
      fail(e);
      return;
    }
    // Settled after the fact: a feed grows the output by at most maxPayload, once.
    if (!settle(heldBytes())) {
      overBudget();
      return;
    }
    if (payloadRead == payloadLength) {
      state = State.HEADER;
      dataFrameDone();
    }
  }

  private void readControlPayload(ByteBuffer src, int left, int available) {
    if (payloadRead == 0 && available >= left) {
      int end = src.position() + left;
      int limit = narrowToPayload(src, left);
      state = State.HEADER;
      controlFrame(src);
      src.limit(limit).position(end);
      return;
    }
    if (controlBytes == null) {
      controlBytes = new byte[PAYLOAD_BYTE_MAX];
    }
    int n = Math.min(available, left);
    src.get(controlBytes, (int) payloadRead, n);
    payloadRead += n;
    if (payloadRead == payloadLength) {
      ByteBuffer payload = ByteBuffer.wrap(controlBytes, 0, (int) payloadLength);
      if (masked) {
        Masking.mask(payload, maskKey, 0);
      }
      state = State.HEADER;
      controlFrame(payload);
    }
  }

  /** Unmasks the next {@code n} bytes of src where they are, returns them, skips them. */
  /**
   * Unmasks the next {@code n} bytes of {@code src} where they lie and narrows {@code src}
   * to them for the sink's call, returning the limit to put back after it: a view of them
   * would be one object per frame, which a flood of pings turns into hundreds of MB/s.
   */
  private int narrowToPayload(ByteBuffer src, int n) {
    int limit = src.limit();
    src.limit(src.position() + n);
    if (masked) {
      Masking.mask(src, maskKey, 0);
    }
    return limit;
  }

  private boolean validatesText() {
    return messageText && !messageCompressed;
  }

  /** Makes room for a message of {@code total} bytes; never more than maxPayload. */
  /**
   * The bytes of buffer this reader holds for a message not yet whole, inflated or not: at
   * most twice what came of it (or {@link #FIRST_BUFFER}), and 0 between messages.
   */
  public long heldBytes() {
    return (messageBuffer == null ? 0 : messageBuffer.capacity())
        + (inflater == null ? 0 : inflater.heldBytes());
  }

  /** Takes from or gives back to the budget so that it covers {@code held}; false if over. */
  private boolean settle(long held) {
    if (held > taken) {
      if (!budget.take(held - taken)) {
        return false;
      }
    } else if (held < taken) {
      budget.give(taken - held);
    }
    taken = held;
    return true;
  }

  private void overBudget() {
    fail(ProtocolError.MESSAGE_TOO_BIG, "Message does not fit the memory the server keeps for"
        + " messages being received (" + budget.limit() + " bytes, shared)");
  }

  /**
   * Makes room for {@code n} more bytes of the message, of the {@code left} that the frame
   * still announces. The buffer at most doubles what it holds, so memory follows the bytes
   * received; on the message's last frame it grows no further than the message's end.
   * Returns false, having failed, when the budget cannot afford the growth.
   */
  private boolean ensureRoom(int n, long left) {
    int held = messageBuffer == null ? 0 : messageBuffer.position();
    long needed = (long) held + n;
    int capacity = messageBuffer == null ? 0 : messageBuffer.capacity();
    if (capacity >= needed) {
      return true;
    }
    long doubled = messageBuffer == null ? FIRST_BUFFER : 2L * capacity;
    long end = fin ? held + left : maxPayload;
    // Within twice what came, the message's known end is taken at once: no copy after.
    int size = (int) (fin && end <= 2 * needed ? end : Math.min(Math.max(needed, doubled), end));
    if (!settle(heldBytes() - capacity + size)) {
      overBudget();
      return false;
    }
    ByteBuffer bigger = ByteBuffer.allocate(size);
    if (messageBuffer != null) {
      bigger.put(messageBuffer.flip());
    }
    messageBuffer = bigger;
    return true;
  }

  /** The current data frame's payload is all in; delivers the message on its last frame. */
  private void dataFrameDone() {
    if (!fin) {
      return;
    }
    if (messageCompressed) {
      compressedMessageDone();
      return;
    }
    if (validatesText() && !utf8.isComplete()) {
      fail(ProtocolError.INVALID_UTF8, "Text message ends inside a UTF-8 sequence");
      return;
    }
    ByteBuffer payload = messageBuffer == null ? ByteBuffer.allocate(0) : messageBuffer.flip();
    if (payload.limit() == payload.capacity() && payload.capacity() > 0) {
      boolean text = messageText;
      endMessage();
      sink.onOwnMessage(payload.array(), text);
      return;
    }
    deliverMessage(payload);
  }

  /** The last frame of a compressed message is in: the message is inflated whole. */
  private void compressedMessageDone() {
    byte[] message;
    try {
      message = inflater.finish(maxPayload);
    } catch (ProtocolException e) {
      fail(e);
      return;
    }
    boolean text = messageText;
    endMessage();
    if (text && !Utf8Validator.isValid(ByteBuffer.wrap(message))) {
      fail(ProtocolError.INVALID_UTF8, "Invalid UTF-8 in compressed text message");
      return;
    }
    sink.onOwnMessage(message, text);
  }

  private void deliverMessage(ByteBuffer payload) {
    boolean text = messageText;
    endMessage();
    sink.onMessage(payload, text);
  }

  private void endMessage() {
    messageOpen = false;
    messageCompressed = false;
    messageBuffer = null;
    messageLength = 0;
    settle(heldBytes()); // gives back: nothing grew
  }

  private void controlFrame(ByteBuffer payload) {
    switch (opcode) {
      case OPCODE_PING -> sink.onPing(payload);
      case OPCODE_PONG -> sink.onPong(payload);
      default -> closeFrame(payload);
    }
  }

  private void closeFrame(ByteBuffer payload) {
    ClosePayload close;
    try {
      close = ClosePayload.parse(payload);
    } catch (ProtocolException e) {
      fail(e);
      return;
    }
    finish();
    sink.onClose(close.code(), close.reason());
  }


  /** Stops reading for good and lets go of any buffered message. */
  private void finish() {
    state = State.FINISHED;
    messageBuffer = null;
    controlBytes = null;
    if (inflater != null) {
      inflater.abandon();
    }
    settle(0);
  }

  private boolean fail(ProtocolError error, String message) {
    return fail(new ProtocolException(error, message));
  }

  /** The one way out for every violation: reports it once; later bytes are ignored. */
  private boolean fail(ProtocolException violation) {
    finish();
    sink.onProtocolError(violation);
    return false;
  }
}
