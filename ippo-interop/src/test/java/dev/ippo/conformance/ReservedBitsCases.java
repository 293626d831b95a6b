package dev.ippo.conformance;

import static dev.ippo.conformance.CaseSession.frame;
import static dev.ippo.conformance.CaseSession.utf8;

import java.time.Duration;
import java.util.List;

/**
 * Group 3, reserved bits: with no extension negotiated, any RSV bit fails the connection with
 * 1002; a valid message before the bad frame is still echoed, and nothing after it is
 * answered.
 *
 * <p>Stateless; thread safe.
 */
final class ReservedBitsCases {
  private ReservedBitsCases() {}

  static List<ServerCase> cases() {
    return List.of(
        bad("3.1", "text with RSV1", Frame.RSV1, Frame.TEXT, utf8("hello")),
        bad("3.2", "text with RSV2", Frame.RSV2, Frame.TEXT, utf8("hello")),
        bad("3.3", "text with RSV3", Frame.RSV3, Frame.TEXT, utf8("hello")),
        bad("3.4", "binary with RSV1", Frame.RSV1, Frame.BINARY, Payloads.binary(16, 34)),
        bad("3.5", "binary with RSV2 and RSV3", Frame.RSV2 | Frame.RSV3, Frame.BINARY,
            Payloads.binary(16, 35)),
        bad("3.6", "ping with RSV1", Frame.RSV1, Frame.PING, utf8("ping")),
        bad("3.7", "pong with RSV2", Frame.RSV2, Frame.PONG, utf8("pong")),
        bad("3.8", "close with RSV3", Frame.RSV3, Frame.CLOSE,
            FrameCodec.closePayload(1000, "")),
        ServerCase.of("3.9", "valid text, then text with RSV1: echo, then 1002", s -> {
          s.sendTogether(frame(true, 0, Frame.TEXT, utf8("valid")),
              frame(true, Frame.RSV1, Frame.TEXT, utf8("invalid")));
          s.expectText("valid");
          s.expectClose(1002);
          return Outcome.OK;
        }),
        ServerCase.of("3.10", "valid text, text with RSV2, ping: echo, 1002, no pong", s -> {
          s.sendTogether(frame(true, 0, Frame.TEXT, utf8("valid")),
              frame(true, Frame.RSV2, Frame.TEXT, utf8("invalid")),
              frame(true, 0, Frame.PING, utf8("not to be answered")));
          s.expectText("valid");
          s.expectClose(1002);
          return Outcome.OK;
        }),
        ServerCase.of("3.11", "text with RSV3 written in 1-byte chunks -> 1002", s -> {
          s.sendChunked(frame(true, Frame.RSV3, Frame.TEXT, utf8("hello")), 1,
              Duration.ofMillis(1));
          s.expectClose(1002);
          return Outcome.OK;
        }));
  }

  private static ServerCase bad(String id, String what, int rsv, int opcode, byte[] payload) {
    return ServerCase.of(id, what + " -> 1002", s -> {
      s.sendFrame(true, rsv, opcode, payload);
      s.expectClose(1002);
      return Outcome.OK;
    });
  }
}
