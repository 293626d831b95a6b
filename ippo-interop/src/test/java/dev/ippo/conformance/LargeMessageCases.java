package dev.ippo.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Group 9, large and many messages (Autobahn's group 9, scaled down to run in seconds):
 * 1 MiB and 4 MiB messages in one frame and in fragments of 64 B, 4 KiB and 64 KiB, and a
 * thousand small messages pipelined, all echoed byte for byte.
 *
 * <p>Stateless; thread safe.
 */
final class LargeMessageCases {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final int MIB = 1024 * 1024;
  private static final int[] SIZES = {MIB, 4 * MIB};
  private static final int[] FRAGMENTS = {64, 4 * 1024, 64 * 1024};

  private LargeMessageCases() {}

  static List<ServerCase> cases() {
    List<ServerCase> cases = new ArrayList<>();
    addGroup(cases, "9.1", "9.3", Frame.TEXT);
    addGroup(cases, "9.2", "9.4", Frame.BINARY);
    cases.add(pipelined("9.5.1", Frame.TEXT));
    cases.add(pipelined("9.5.2", Frame.BINARY));
    return cases;
  }

  private static void addGroup(List<ServerCase> cases, String whole, String fragmented,
      int opcode) {
    int n = 0;
    for (int i = 0; i < SIZES.length; i++) {
      int size = SIZES[i];
      cases.add(echo(whole + "." + (i + 1), Frame.name(opcode) + " of " + size / MIB
          + " MiB in one frame", opcode, size, size));
      for (int fragment : FRAGMENTS) {
        n++;
        cases.add(echo(fragmented + "." + n, Frame.name(opcode) + " of " + size / MIB
            + " MiB in fragments of " + fragment + " B", opcode, size, fragment));
      }
    }
  }

  private static ServerCase echo(String id, String description, int opcode, int size,
      int fragment) {
    return ServerCase.slow(id, description + ", echoed", TIMEOUT, s -> {
      byte[] payload = payload(opcode, size, size + fragment);
      // Written on another thread so that a server that echoes while still reading is
      // never stuck behind this client's full receive buffer.
      var written = s.sendInBackground(Payloads.fragments(opcode, payload, fragment));
      s.expectMessage(opcode, payload);
      written.join();
      return s.closeNormally();
    });
  }

  private static ServerCase pipelined(String id, int opcode) {
    return ServerCase.slow(id, "1000 small " + Frame.name(opcode)
        + " messages pipelined, echoed in order", TIMEOUT, s -> {
          List<byte[]> payloads = new ArrayList<>();
          List<byte[]> frames = new ArrayList<>();
          for (int i = 0; i < 1000; i++) {
            byte[] p = payload(opcode, 1 + i % 200, i);
            payloads.add(p);
            frames.add(CaseSession.frame(true, 0, opcode, p));
          }
          var written = s.sendInBackground(frames);
          for (byte[] p : payloads) {
            s.expectMessage(opcode, p);
          }
          written.join();
          return s.closeNormally();
        });
  }

  static byte[] payload(int opcode, int size, long seed) {
    return opcode == Frame.TEXT ? Payloads.text(size) : Payloads.binary(size, seed);
  }
}
