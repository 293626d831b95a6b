package dev.ippo.conformance;

import static dev.ippo.conformance.CaseSession.frame;
import static dev.ippo.conformance.CaseSession.utf8;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Group 5, fragmentation: fragmented messages echoed whole, control frames between
 * fragments answered at once, and every misuse of FIN and continuation refused with 1002.
 *
 * <p>Stateless; thread safe.
 */
final class FragmentationCases {
  private FragmentationCases() {}

  static List<ServerCase> cases() {
    List<ServerCase> cases = new ArrayList<>();
    cases.add(ServerCase.of("5.1", "ping in two fragments -> 1002", s -> {
      s.sendTogether(frame(false, 0, Frame.PING, utf8("frag1")),
          frame(true, 0, Frame.CONTINUATION, utf8("frag2")));
      s.expectClose(1002);
      return Outcome.OK;
    }));
    cases.add(ServerCase.of("5.2", "pong in two fragments -> 1002", s -> {
      s.sendTogether(frame(false, 0, Frame.PONG, utf8("frag1")),
          frame(true, 0, Frame.CONTINUATION, utf8("frag2")));
      s.expectClose(1002);
      return Outcome.OK;
    }));
    cases.add(ServerCase.of("5.3", "text in two fragments echoed whole", s -> {
      s.sendTogether(frame(false, 0, Frame.TEXT, utf8("fragment1")),
          frame(true, 0, Frame.CONTINUATION, utf8("fragment2")));
      s.expectText("fragment1fragment2");
      return s.closeNormally();
    }));
    cases.add(ServerCase.of("5.4", "text in two fragments written in 1-byte chunks", s -> {
      s.sendChunked(CaseSession.concat(frame(false, 0, Frame.TEXT, utf8("fragment1")),
          frame(true, 0, Frame.CONTINUATION, utf8("fragment2"))), 1, Duration.ofMillis(1));
      s.expectText("fragment1fragment2");
      return s.closeNormally();
    }));
    cases.add(ServerCase.of("5.5", "text in two fragments with a ping between: pong, echo",
        s -> {
          s.sendTogether(frame(false, 0, Frame.TEXT, utf8("fragment1")),
              frame(true, 0, Frame.PING, utf8("between")),
              frame(true, 0, Frame.CONTINUATION, utf8("fragment2")));
          s.expectPong(utf8("between"));
          s.expectText("fragment1fragment2");
          return s.closeNormally();
        }));
    cases.add(pongBeforeFinal("5.6", Frame.TEXT));
    cases.add(pongBeforeFinal("5.7", Frame.BINARY));
    cases.add(ServerCase.of("5.8", "text in five fragments with four pings between", s -> {
      byte[][] frames = new byte[9][];
      StringBuilder whole = new StringBuilder();
      for (int i = 0; i < 5; i++) {
        String piece = "fragment" + i;
        whole.append(piece);
        frames[2 * i] = frame(i == 4, 0, i == 0 ? Frame.TEXT : Frame.CONTINUATION, utf8(piece));
        if (i < 4) {
          frames[2 * i + 1] = frame(true, 0, Frame.PING, utf8("ping " + i));
        }
      }
      s.sendTogether(frames);
      for (int i = 0; i < 4; i++) {
        s.expectPong(utf8("ping " + i));
      }
      s.expectText(whole.toString());
      return s.closeNormally();
    }));
    cases.add(ServerCase.of("5.9", "binary in two fragments echoed whole", s -> {
      byte[] data = Payloads.binary(300, 59);
      s.sendTogether(Payloads.fragments(Frame.BINARY, data, 200).toArray(new byte[0][]));
      s.expectBinary(data);
      return s.closeNormally();
    }));
    cases.add(ServerCase.of("5.10", "continuation (FIN=1) with nothing to continue -> 1002",
        s -> {
          s.sendFrame(true, 0, Frame.CONTINUATION, utf8("orphan"));
          s.expectClose(1002);
          return Outcome.OK;
        }));
    cases.add(ServerCase.of("5.11", "continuation (FIN=0) with nothing to continue -> 1002",
        s -> {
          s.sendFrame(false, 0, Frame.CONTINUATION, utf8("orphan"));
          s.expectClose(1002);
          return Outcome.OK;
        }));
    cases.add(ServerCase.of("5.12", "valid text, then an orphan continuation: echo, 1002",
        s -> {
          s.sendTogether(frame(true, 0, Frame.TEXT, utf8("valid")),
              frame(true, 0, Frame.CONTINUATION, utf8("orphan")));
          s.expectText("valid");
          s.expectClose(1002);
          return Outcome.OK;
        }));
    cases.add(ServerCase.of("5.13", "new text frame inside a fragmented text -> 1002", s -> {
      s.sendTogether(frame(false, 0, Frame.TEXT, utf8("fragment1")),
          frame(true, 0, Frame.TEXT, utf8("intruder")));
      s.expectClose(1002);
      return Outcome.OK;
    }));
    cases.add(ServerCase.of("5.14", "new binary frame inside a fragmented text -> 1002", s -> {
      s.sendTogether(frame(false, 0, Frame.TEXT, utf8("fragment1")),
          frame(true, 0, Frame.BINARY, utf8("intruder")));
      s.expectClose(1002);
      return Outcome.OK;
    }));
    cases.add(oneByteFragments("5.15", Frame.TEXT, Payloads.text(64)));
    cases.add(oneByteFragments("5.16", Frame.BINARY, Payloads.binary(64, 516)));
    cases.add(ServerCase.of("5.17", "text fragments with empty first and last payloads", s -> {
      s.sendTogether(frame(false, 0, Frame.TEXT, new byte[0]),
          frame(false, 0, Frame.CONTINUATION, utf8("middle")),
          frame(true, 0, Frame.CONTINUATION, new byte[0]));
      s.expectText("middle");
      return s.closeNormally();
    }));
    cases.add(ServerCase.of("5.18", "two fragmented messages back to back, both echoed", s -> {
      s.sendTogether(frame(false, 0, Frame.TEXT, utf8("one-")),
          frame(true, 0, Frame.CONTINUATION, utf8("first")),
          frame(false, 0, Frame.BINARY, utf8("two-")),
          frame(true, 0, Frame.CONTINUATION, utf8("second")));
      s.expectText("one-first");
      s.expectBinary(utf8("two-second"));
      return s.closeNormally();
    }));
    return cases;
  }

  /** The pong for a ping between fragments must come before the message is finished. */
  private static ServerCase pongBeforeFinal(String id, int opcode) {
    String type = Frame.name(opcode);
    return ServerCase.of(id, type + " fragment and a ping: pong before the final fragment",
        s -> {
          s.sendTogether(frame(false, 0, opcode, utf8("fragment1")),
              frame(true, 0, Frame.PING, utf8("answer now")));
          s.expectPong(utf8("answer now"));
          s.sendFrame(true, 0, Frame.CONTINUATION, utf8("fragment2"));
          s.expectMessage(opcode, utf8("fragment1fragment2"));
          return s.closeNormally();
        });
  }

  private static ServerCase oneByteFragments(String id, int opcode, byte[] payload) {
    return ServerCase.of(id, Frame.name(opcode) + " of " + payload.length
        + " bytes in 1-byte fragments echoed whole", s -> {
          s.sendTogether(Payloads.fragments(opcode, payload, 1).toArray(new byte[0][]));
          s.expectMessage(opcode, payload);
          return s.closeNormally();
        });
  }
}
