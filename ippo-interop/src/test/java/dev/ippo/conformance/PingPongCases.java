package dev.ippo.conformance;

import static dev.ippo.conformance.CaseSession.frame;
import static dev.ippo.conformance.CaseSession.utf8;

import java.time.Duration;
import java.util.List;

/**
 * Group 2, ping and pong: every ping answered by a pong with its payload, control payloads
 * over 125 bytes refused with 1002, unsolicited pongs ignored.
 *
 * <p>Stateless; thread safe.
 */
final class PingPongCases {
  private PingPongCases() {}

  static List<ServerCase> cases() {
    return List.of(
        pingPong("2.1", "ping without payload answered by an empty pong", new byte[0]),
        pingPong("2.2", "ping with a text payload answered by a pong with it",
            utf8("Hello, world!")),
        pingPong("2.3", "ping with a binary payload answered by a pong with it",
            Payloads.hex("00 FF FE FD FC FB 00 FF")),
        pingPong("2.4", "ping with 125 bytes of payload answered",
            Payloads.binary(125, 4)),
        ServerCase.of("2.5", "ping with 126 bytes of payload -> 1002", s -> {
          s.ping(Payloads.binary(126, 5));
          s.expectClose(1002);
          return Outcome.OK;
        }),
        ServerCase.of("2.6", "ping of 125 bytes written in 1-byte chunks answered", s -> {
          byte[] payload = Payloads.binary(125, 6);
          s.sendChunked(frame(true, 0, Frame.PING, payload), 1, Duration.ofMillis(1));
          s.expectPong(payload);
          return s.closeNormally();
        }),
        ServerCase.of("2.7", "unsolicited empty pong ignored", s -> {
          s.sendTogether(frame(true, 0, Frame.PONG, new byte[0]),
              frame(true, 0, Frame.TEXT, utf8("after the pong")));
          s.expectText("after the pong");
          return s.closeNormally();
        }),
        ServerCase.of("2.8", "unsolicited pong with payload ignored", s -> {
          s.sendTogether(frame(true, 0, Frame.PONG, utf8("unsolicited")),
              frame(true, 0, Frame.TEXT, utf8("after the pong")));
          s.expectText("after the pong");
          return s.closeNormally();
        }),
        ServerCase.of("2.9", "unsolicited pong then a ping: one pong, for the ping", s -> {
          s.sendTogether(frame(true, 0, Frame.PONG, utf8("unsolicited")),
              frame(true, 0, Frame.PING, utf8("the ping")));
          s.expectPong(utf8("the ping"));
          return s.closeNormally();
        }),
        ServerCase.of("2.10", "ten pings in one write answered by ten pongs in order", s -> {
          byte[][] pings = new byte[10][];
          for (int i = 0; i < 10; i++) {
            pings[i] = frame(true, 0, Frame.PING, utf8("ping " + i));
          }
          s.sendTogether(pings);
          for (int i = 0; i < 10; i++) {
            s.expectPong(utf8("ping " + i));
          }
          return s.closeNormally();
        }),
        ServerCase.of("2.11", "ten pings written in 1-byte chunks answered in order", s -> {
          for (int i = 0; i < 10; i++) {
            s.sendChunked(frame(true, 0, Frame.PING, utf8("ping " + i)), 1,
                Duration.ofMillis(1));
          }
          for (int i = 0; i < 10; i++) {
            s.expectPong(utf8("ping " + i));
          }
          return s.closeNormally();
        }));
  }

  private static ServerCase pingPong(String id, String description, byte[] payload) {
    return ServerCase.of(id, description, s -> {
      s.ping(payload);
      s.expectPong(payload);
      return s.closeNormally();
    });
  }
}
