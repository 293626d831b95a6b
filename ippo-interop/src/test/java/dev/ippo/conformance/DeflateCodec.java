package dev.ippo.conformance;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The raw peers' permessage-deflate (RFC 7692 section 7.2), made straight from
 * {@code java.util.zip} and nothing of Ippo's, so that the suite never agrees with Ippo by
 * sharing its bugs: raw deflate, a sync flush per message, the trailing {@code 00 00 ff ff}
 * stripped when sending and put back when receiving.
 *
 * <p>It keeps the agreed context takeover: a direction without it starts each message with
 * a fresh window, so a peer that kept its window where it promised not to fails to inflate
 * here. {@code java.util.zip} always deflates with a 15-bit window; where a smaller one was
 * agreed for this side's messages, only messages no longer than the window are compressed,
 * each alone (no back-reference can then reach further than the window).
 *
 * <p>Not thread safe: one case's thread. Holds native memory until {@link #end()}.
 */
final class DeflateCodec {
  /** What a sync flush ends with, stripped from every compressed message. */
  static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};
  /** The most a message may inflate to here, so a broken peer cannot exhaust the heap. */
  private static final int MAX_INFLATED = 64 * 1024 * 1024;

  private final DeflateAgreement agreed;
  /** This side's messages: whether each starts with an empty window, and the window. */
  private final boolean ownNoContext;
  private final int ownWindowBits;
  /** Whether the peer promised to start each of its messages with an empty window. */
  private final boolean peerNoContext;
  private Deflater deflater;
  private Inflater inflater;

  private DeflateCodec(DeflateAgreement agreed, boolean client) {
    this.agreed = agreed;
    this.ownNoContext = client ? agreed.clientNoContextTakeover()
        : agreed.serverNoContextTakeover();
    this.ownWindowBits = client ? agreed.clientMaxWindowBits() : agreed.serverMaxWindowBits();
    this.peerNoContext = client ? agreed.serverNoContextTakeover()
        : agreed.clientNoContextTakeover();
  }

  /** The codec of a client that agreed to {@code agreed}. */
  static DeflateCodec client(DeflateAgreement agreed) {
    return new DeflateCodec(agreed, true);
  }

  /** The codec of a server that answered {@code agreed}. */
  static DeflateCodec server(DeflateAgreement agreed) {
    return new DeflateCodec(agreed, false);
  }

  DeflateAgreement agreed() {
    return agreed;
  }

  /** Whether a message of this length may be sent compressed within the agreed window. */
  boolean mayCompress(int length) {
    return ownWindowBits == 15 || length <= 1 << ownWindowBits;
  }

  /** The message deflated, without the trailing {@code 00 00 ff ff}. */
  byte[] compress(byte[] message) {
    if (!mayCompress(message.length)) {
      throw new IllegalArgumentException(message.length + " bytes do not fit the agreed "
          + ownWindowBits + "-bit window");
    }
    if (deflater == null) {
      deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    }
    byte[] out = compressWith(deflater, message);
    if (ownNoContext || ownWindowBits < 15) {
      deflater.reset();
    }
    return out;
  }

  /** Deflates with a sync flush and strips the tail; the deflater keeps its window. */
  static byte[] compressWith(Deflater deflater, byte[] message) {
    deflater.setInput(message);
    ByteArrayOutputStream out = new ByteArrayOutputStream(message.length / 2 + 64);
    byte[] buf = new byte[8192];
    while (true) {
      int n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
      out.write(buf, 0, n);
      if (n < buf.length && deflater.needsInput()) {
        break;
      }
    }
    byte[] all = out.toByteArray();
    int end = all.length - TAIL.length;
    for (int i = 0; i < TAIL.length; i++) {
      if (end < 0 || all[end + i] != TAIL[i]) {
        throw new IllegalStateException("a sync flush that does not end in 00 00 ff ff");
      }
    }
    return java.util.Arrays.copyOf(all, end);
  }

  /**
   * The peer's compressed message inflated.
   *
   * @throws DataFormatException when it is not valid deflate data in the agreed context
   */
  byte[] inflate(byte[] compressed) throws DataFormatException {
    if (inflater == null) {
      inflater = new Inflater(true);
    }
    try {
      byte[] out = inflateWith(inflater, compressed);
      if (inflater.finished()) {
        inflater.reset(); // a final block (BFINAL) ended the peer's stream: a new one follows
      }
      return out;
    } finally {
      if (peerNoContext) {
        inflater.reset();
      }
    }
  }

  /** Inflates one message with the tail put back, up to {@link #MAX_INFLATED} bytes. */
  static byte[] inflateWith(Inflater inflater, byte[] compressed) throws DataFormatException {
    inflater.setInput(CaseSession.concat(compressed, TAIL));
    ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 2 + 64);
    byte[] buf = new byte[16384];
    while (true) {
      int n = inflater.inflate(buf);
      out.write(buf, 0, n);
      if (out.size() > MAX_INFLATED) {
        throw new DataFormatException("inflates past " + MAX_INFLATED + " bytes");
      }
      if (n == 0) {
        if (inflater.needsDictionary()) {
          throw new DataFormatException("asks for a preset dictionary");
        }
        if (inflater.finished() || inflater.needsInput()) {
          return out.toByteArray();
        }
      }
    }
  }

  /** Frees the native memory. */
  void end() {
    if (deflater != null) {
      deflater.end();
    }
    if (inflater != null) {
      inflater.end();
    }
  }
}
