package dev.ippo.conformance;

import static dev.ippo.conformance.CaseSession.frame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Group 1, framing: text and binary messages at the lengths where the length encoding
 * changes (7-bit, 16-bit, 64-bit), echoed back whole.
 *
 * <p>Stateless; thread safe.
 */
final class FramingCases {
  private static final int[] LENGTHS = {0, 125, 126, 127, 128, 65535, 65536, 1 << 20};

  private FramingCases() {}

  static List<ServerCase> cases() {
    List<ServerCase> cases = new ArrayList<>();
    for (int i = 0; i < LENGTHS.length; i++) {
      int length = LENGTHS[i];
      cases.add(echo("1.1." + (i + 1), "text of " + length + " bytes echoed", Frame.TEXT,
          Payloads.text(length), 0));
      cases.add(echo("1.2." + (i + 1), "binary of " + length + " bytes echoed", Frame.BINARY,
          Payloads.binary(length, length), 0));
    }
    cases.add(echo("1.1.9", "text of 65536 bytes written in 997-byte chunks echoed", Frame.TEXT,
        Payloads.text(65536), 997));
    cases.add(echo("1.2.9", "binary of 65536 bytes written in 997-byte chunks echoed",
        Frame.BINARY, Payloads.binary(65536, 9), 997));
    return cases;
  }

  private static ServerCase echo(String id, String description, int opcode, byte[] payload,
      int chunk) {
    return ServerCase.slow(id, description, Duration.ofSeconds(8), s -> {
      byte[] bytes = frame(true, 0, opcode, payload);
      if (chunk > 0) {
        s.sendChunked(bytes, chunk, Duration.ZERO);
      } else {
        s.send(bytes);
      }
      s.expectMessage(opcode, payload);
      return s.closeNormally();
    });
  }
}
