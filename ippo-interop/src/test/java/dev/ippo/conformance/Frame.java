package dev.ippo.conformance;

import java.nio.charset.StandardCharsets;

/**
 * One WebSocket frame as it was on the wire, payload already unmasked.
 *
 * <p>Immutable in practice (the payload array is not copied; nobody writes to it); thread safe.
 *
 * @param fin the FIN bit
 * @param rsv the three reserved bits as a number: RSV1 = 4, RSV2 = 2, RSV3 = 1
 * @param opcode the four-bit opcode
 * @param masked whether the sender masked it
 * @param payload the application data, unmasked
 */
record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  static final int RSV1 = 4;
  static final int RSV2 = 2;
  static final int RSV3 = 1;

  /** The close code a close frame carries: 1005 for an empty payload, -1 for one byte. */
  int closeCode() {
    if (payload.length == 0) {
      return 1005;
    }
    if (payload.length == 1) {
      return -1;
    }
    return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
  }

  boolean isControl() {
    return (opcode & 0x8) != 0;
  }

  @Override
  public String toString() {
    String body = opcode == TEXT && payload.length <= 40
        ? '"' + new String(payload, StandardCharsets.UTF_8) + '"'
        : payload.length + " bytes";
    String code = opcode == CLOSE ? " code " + closeCode() : "";
    return name(opcode) + (fin ? "" : " (FIN=0)") + (rsv != 0 ? " rsv=" + rsv : "")
        + (masked ? " masked" : "") + code + " " + body;
  }

  static String name(int opcode) {
    switch (opcode) {
      case CONTINUATION: return "continuation";
      case TEXT: return "text";
      case BINARY: return "binary";
      case CLOSE: return "close";
      case PING: return "ping";
      case PONG: return "pong";
      default: return "opcode " + opcode;
    }
  }
}
