package dev.ippo.conformance;

import static dev.ippo.conformance.CaseSession.frame;
import static dev.ippo.conformance.CaseSession.utf8;

import java.util.ArrayList;
import java.util.List;

/**
 * Group 7, the closing handshake: a close is echoed with its code and followed by the
 * server's TCP close; nothing after a close is answered; close payloads that break RFC 6455
 * section 7.4 (one byte, reserved or out-of-range codes, over 125 bytes) fail with 1002, and
 * a reason that is not UTF-8 with 1007.
 *
 * <p>Stateless; thread safe.
 */
final class CloseCases {
  private static final int[] VALID_CODES =
      {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014,
       3000, 3999, 4000, 4999};
  private static final int[] INVALID_CODES =
      {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535};

  private CloseCases() {}

  static List<ServerCase> cases() {
    List<ServerCase> cases = new ArrayList<>();
    cases.add(ServerCase.of("7.1.1", "close 1000: echoed, then the TCP close", s -> {
      s.close(1000, "");
      s.expectClose(1000);
      return Outcome.OK;
    }));
    cases.add(ServerCase.of("7.1.2", "close with an empty payload: empty close echoed", s -> {
      s.closeSentByHand();
      s.sendFrame(true, 0, Frame.CLOSE, new byte[0]);
      s.expectClose(1005);
      return Outcome.OK;
    }));
    cases.add(ServerCase.of("7.1.3", "close 1000 with a reason: echoed", s -> {
      s.close(1000, "bye now");
      s.expectClose(1000);
      return Outcome.OK;
    }));
    cases.add(ServerCase.of("7.1.4", "close, then text: the text is ignored", s -> {
      s.closeSentByHand();
      s.sendTogether(frame(true, 0, Frame.CLOSE, FrameCodec.closePayload(1000, "")),
          frame(true, 0, Frame.TEXT, utf8("after the close")));
      s.expectClose(1000);
      return Outcome.OK;
    }));
    cases.add(ServerCase.of("7.1.5", "close, then ping: no pong", s -> {
      s.closeSentByHand();
      s.sendTogether(frame(true, 0, Frame.CLOSE, FrameCodec.closePayload(1000, "")),
          frame(true, 0, Frame.PING, utf8("after the close")));
      s.expectClose(1000);
      return Outcome.OK;
    }));
    cases.add(ServerCase.of("7.1.6", "unfinished fragmented text, then close 1000: echoed",
        s -> {
          s.closeSentByHand();
          s.sendTogether(frame(false, 0, Frame.TEXT, utf8("never finished")),
              frame(true, 0, Frame.CLOSE, FrameCodec.closePayload(1000, "")));
          s.expectClose(1000);
          return Outcome.OK;
        }));
    cases.add(ServerCase.of("7.1.7", "text and close in one write: echo, then close", s -> {
      s.closeSentByHand();
      s.sendTogether(frame(true, 0, Frame.TEXT, utf8("last words")),
          frame(true, 0, Frame.CLOSE, FrameCodec.closePayload(1000, "")));
      s.expectText("last words");
      s.expectClose(1000);
      return Outcome.OK;
    }));
    cases.add(ServerCase.of("7.3.1", "close with a 1-byte payload -> 1002", s -> {
      s.closeSentByHand();
      s.sendFrame(true, 0, Frame.CLOSE, new byte[] {0x03});
      s.expectClose(1002);
      return Outcome.OK;
    }));
    cases.add(ServerCase.of("7.3.2", "close 1000 with a 123-byte reason: echoed", s -> {
      s.close(1000, "r".repeat(123));
      s.expectClose(1000);
      return Outcome.OK;
    }));
    cases.add(ServerCase.of("7.3.3", "close of 126 bytes (124-byte reason) -> 1002", s -> {
      s.close(1000, "r".repeat(124));
      s.expectClose(1002);
      return Outcome.OK;
    }));
    cases.add(ServerCase.of("7.3.4", "close 1000 with a reason that is not UTF-8 -> 1007", s -> {
      s.closeSentByHand();
      s.sendFrame(true, 0, Frame.CLOSE,
          FrameCodec.closePayload(1000, Payloads.hex("CE BA E1 BD B9 ED A0 80 65 64")));
      s.expectClose(1007);
      return Outcome.OK;
    }));
    for (int i = 0; i < VALID_CODES.length; i++) {
      int code = VALID_CODES[i];
      cases.add(ServerCase.of("7.7." + (i + 1), "close " + code + " (valid): echoed", s -> {
        s.close(code, "");
        s.expectClose(code);
        return Outcome.OK;
      }));
    }
    for (int i = 0; i < INVALID_CODES.length; i++) {
      int code = INVALID_CODES[i];
      cases.add(ServerCase.of("7.9." + (i + 1), "close " + code + " (not allowed) -> 1002", s -> {
        s.close(code, "");
        s.expectClose(1002);
        return Outcome.OK;
      }));
    }
    return cases;
  }
}
