package dev.ippo.internal.engine;

import dev.ippo.internal.codec.FrameReader;
import dev.ippo.internal.codec.FrameWriter;
import dev.ippo.internal.codec.ProtocolException;
import dev.ippo.internal.codec.Role;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Frames as a peer would send them, and what an engine wrote, read back as short strings. */
final class Wire {
  private Wire() {}

  /** A frame as a client sends it (masked): for a server's connection to read. */
  static byte[] fromClient(int opcode, byte[] payload) {
    return bytes(FrameWriter.frame(opcode, true, false, ByteBuffer.wrap(payload), true, 0x5a5a5a5a));
  }

  /** A frame as a server sends it (unmasked): for a client's connection to read. */
  static byte[] fromServer(int opcode, byte[] payload) {
    return bytes(FrameWriter.frame(opcode, true, false, ByteBuffer.wrap(payload), false, 0));
  }

  static byte[] close(int code, String reason) {
    ByteBuffer payload = FrameWriter.closePayload(code, reason);
    byte[] bytes = new byte[payload.remaining()];
    payload.get(bytes);
    return bytes;
  }

  /**
   * What {@code written} holds, frame by frame: {@code text:hi}, {@code ping:x},
   * {@code close:1000:bye}; {@code from} is the end that wrote it.
   */
  static List<String> frames(byte[] written, Role from) {
    List<String> frames = new ArrayList<>();
    Role reader = from == Role.SERVER ? Role.CLIENT : Role.SERVER;
    new FrameReader(reader, Long.MAX_VALUE, new FrameReader.Sink() {
      @Override
      public void onMessage(ByteBuffer payload, boolean text) {
        frames.add((text ? "text:" : "binary:") + utf8(payload));
      }

      @Override
      public void onPing(ByteBuffer payload) {
        frames.add("ping:" + utf8(payload));
      }

      @Override
      public void onPong(ByteBuffer payload) {
        frames.add("pong:" + utf8(payload));
      }

      @Override
      public void onClose(int code, String reason) {
        frames.add("close:" + code + ":" + reason);
      }

      @Override
      public void onProtocolError(ProtocolException error) {
        frames.add("violation:" + error.error());
      }
    }).read(ByteBuffer.wrap(written));
    return frames;
  }

  private static String utf8(ByteBuffer b) {
    return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
