package dev.ippo.conformance;

import static dev.ippo.conformance.CaseSession.frame;
import static dev.ippo.conformance.CaseSession.utf8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Group 14, permessage-deflate violations (none in Autobahn): with deflate agreed, RSV1 where
 * it stays forbidden (control frames, continuations) fails the connection with 1002, data
 * that does not inflate with 1007, a message that inflates past maxPayload with 1009, and
 * text that inflates to invalid UTF-8 with 1007. Each case then opens a second connection,
 * which must still be served.
 *
 * <p>Every case runs on {@code /small}, a server whose maxPayload is {@link #MAX_PAYLOAD}, so
 * that a bomb of 1 KiB inflates to 16 times the limit. That the server does not hold the
 * inflated data is seen from outside by 14.13: a bomb in fragments must be refused before its
 * final fragment is sent (else NON-STRICT), that is, while inflating, not after.
 *
 * <p>Stateless; thread safe.
 */
final class DeflateViolationCases {
  static final String SMALL = "/small";
  /** The maxPayload of the server on {@link #SMALL}. */
  static final int MAX_PAYLOAD = 64 * 1024;
  private static final int MIB = 1024 * 1024;

  private DeflateViolationCases() {}

  static List<ServerCase> cases() {
    List<ServerCase> c = new ArrayList<>();
    c.add(violation("14.1", "ping with RSV1 -> 1002", 1002, s ->
        s.sendFrame(true, Frame.RSV1, Frame.PING, utf8("ping"))));
    c.add(violation("14.2", "pong with RSV1 -> 1002", 1002, s ->
        s.sendFrame(true, Frame.RSV1, Frame.PONG, utf8("pong"))));
    c.add(violation("14.3", "close with RSV1 -> 1002", 1002, s ->
        s.sendFrame(true, Frame.RSV1, Frame.CLOSE, FrameCodec.closePayload(1000, ""))));
    c.add(violation("14.4", "compressed text in two fragments, RSV1 on the continuation "
        + "too -> 1002", 1002, s -> {
          byte[] z = compressed(utf8("fragment one, fragment two"));
          int half = z.length / 2;
          s.sendTogether(frame(false, Frame.RSV1, Frame.TEXT, Arrays.copyOf(z, half)),
              frame(true, Frame.RSV1, Frame.CONTINUATION, Arrays.copyOfRange(z, half, z.length)));
        }));
    c.add(violation("14.5", "uncompressed text in two fragments, RSV1 on the continuation "
        + "-> 1002", 1002, s -> s.sendTogether(frame(false, 0, Frame.TEXT, utf8("one")),
            frame(true, Frame.RSV1, Frame.CONTINUATION, utf8("two")))));
    c.add(violation("14.6", "text with RSV2 -> 1002 (deflate uses RSV1 only)", 1002, s ->
        s.sendFrame(true, Frame.RSV2, Frame.TEXT, utf8("hello"))));
    c.add(violation("14.7", "compressed text of a reserved block type (FF FF FF FF) -> 1007",
        1007, s -> s.sendFrame(true, Frame.RSV1, Frame.TEXT, Payloads.hex("FF FF FF FF"))));
    c.add(violation("14.8", "compressed binary that refers back before its start -> 1007",
        1007, s -> s.sendFrame(true, Frame.RSV1, Frame.BINARY, withUnknownDictionary())));
    c.add(ServerCase.of("14.9", "valid compressed text echoed, then a corrupt one -> 1007",
        s -> {
          s.sendMessage(Frame.TEXT, utf8("valid first"));
          s.expectText("valid first");
          s.sendFrame(true, Frame.RSV1, Frame.TEXT, Payloads.hex("FF FF FF FF"));
          s.expectClose(1007);
          s.expectStillServes();
          return Outcome.OK;
        }));
    c.add(violation("14.10", "compressed text inflating to invalid UTF-8 -> 1007", 1007, s ->
        s.sendFrame(true, Frame.RSV1, Frame.TEXT,
            compressed(Payloads.hex("CE BA E1 BD B9 ED A0 80 65 64")))));
    c.add(violation("14.11", "compressed text of 8 KiB valid UTF-8, then C0 AF -> 1007", 1007,
        s -> s.sendFrame(true, Frame.RSV1, Frame.TEXT,
            compressed(CaseSession.concat(Payloads.text(8192), Payloads.hex("C0 AF"))))));
    c.add(ServerCase.of("14.12", "compressed binary inflating to exactly maxPayload (64 KiB) "
        + "echoed, then one inflating to 64 KiB + 1 -> 1009", s -> {
          byte[] fits = CompressedMessageCases.runs(MAX_PAYLOAD, 1);
          s.sendFrame(true, Frame.RSV1, Frame.BINARY, compressed(fits));
          s.expectBinary(fits);
          s.sendFrame(true, Frame.RSV1, Frame.BINARY,
              compressed(CompressedMessageCases.runs(MAX_PAYLOAD + 1, 2)));
          s.expectClose(1009);
          s.expectStillServes();
          return Outcome.OK;
        }));
    c.add(violation("14.13", "bomb: about 1 KiB compressed inflating to 1 MiB (16 x "
        + "maxPayload) -> 1009", 1009, s ->
            s.sendFrame(true, Frame.RSV1, Frame.BINARY, compressed(new byte[MIB]))));
    c.add(ServerCase.of("14.14", "bomb in 16 fragments of about 1 KiB, each inflating to "
        + "1 MiB: 1009 before the final fragment", s -> {
          List<byte[]> fragments = bombFragments(16);
          s.sendTogether(fragments.subList(0, 15).toArray(new byte[0][]));
          Frame early = s.poll(Utf8Cases.FAIL_FAST_WINDOW);
          Outcome outcome = Outcome.OK;
          if (early != null) {
            s.expectClose(early, 1009);
          } else {
            s.send(fragments.get(15));
            s.expectClose(1009);
            outcome = Outcome.NON_STRICT;
          }
          s.expectStillServes();
          return outcome;
        }));
    List<ServerCase> onSmall = new ArrayList<>();
    for (ServerCase sc : c) {
      onSmall.add(sc.offering(CompressedMessageCases.OFFER).on(SMALL));
    }
    return onSmall;
  }

  /** What a case sends to break the connection. */
  @FunctionalInterface
  private interface Send {
    void send(CaseSession s) throws Exception;
  }

  private static ServerCase violation(String id, String description, int code, Send send) {
    return ServerCase.of(id, description, s -> {
      send.send(s);
      s.expectClose(code);
      s.expectStillServes();
      return Outcome.OK;
    });
  }

  /** A message deflated alone, tail stripped. */
  static byte[] compressed(byte[] message) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      return DeflateCodec.compressWith(d, message);
    } finally {
      d.end();
    }
  }

  /** Text deflated against a preset dictionary the receiver never had: distances too far. */
  static byte[] withUnknownDictionary() {
    byte[] dictionary = utf8("permessage-deflate context takeover window bits ");
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      d.setDictionary(dictionary);
      return DeflateCodec.compressWith(d, utf8("context takeover, window bits, permessage"));
    } finally {
      d.end();
    }
  }

  /**
   * One message of {@code n} MiB of zeros as masked fragments (binary, RSV1 on the first),
   * each the sync-flushed deflate of 1 MiB, the tail stripped from the last.
   */
  static List<byte[]> bombFragments(int n) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      List<byte[]> frames = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] z = DeflateCodec.compressWith(d, new byte[MIB]);
        boolean last = i == n - 1;
        byte[] piece = last ? z : CaseSession.concat(z, DeflateCodec.TAIL);
        frames.add(frame(last, i == 0 ? Frame.RSV1 : 0, i == 0 ? Frame.BINARY
            : Frame.CONTINUATION, piece));
      }
      return frames;
    } finally {
      d.end();
    }
  }
}
