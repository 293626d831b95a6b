package dev.ippo.conformance;

import java.time.Duration;
import java.util.List;

/**
 * Group 10, arbitrary splits: a 1 MiB message written in TCP chunks of 1 byte to 64 KiB, or
 * sent as fragments of those sizes, must come back whole. Where a frame boundary or a
 * character falls inside a read must never matter.
 *
 * <p>Stateless; thread safe.
 */
final class AutoFragmentationCases {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final int SIZE = 1024 * 1024;
  private static final int MAX_PIECE = 64 * 1024;

  private AutoFragmentationCases() {}

  static List<ServerCase> cases() {
    return List.of(
        chunked("10.1.1", Frame.TEXT, "chunks of 1, 2, 4 ... 64 KiB bytes",
            Payloads.doublingSizes(SIZE + 14, MAX_PIECE)),
        chunked("10.1.2", Frame.BINARY, "chunks of 1, 2, 4 ... 64 KiB bytes",
            Payloads.doublingSizes(SIZE + 14, MAX_PIECE)),
        chunked("10.1.3", Frame.TEXT, "chunks of random sizes from 1 B to 64 KiB",
            Payloads.randomSizes(SIZE + 14, MAX_PIECE, 1013)),
        chunked("10.1.4", Frame.TEXT, "its first 4 KiB in 1-byte chunks, then the rest",
            firstBytesOneByOne(4096)),
        fragmented("10.2.1", Frame.TEXT, "fragments of 1, 2, 4 ... 64 KiB",
            Payloads.doublingSizes(SIZE, MAX_PIECE)),
        fragmented("10.2.2", Frame.BINARY, "fragments of 1, 2, 4 ... 64 KiB",
            Payloads.doublingSizes(SIZE, MAX_PIECE)),
        fragmented("10.2.3", Frame.TEXT, "fragments of random sizes from 1 B to 64 KiB",
            Payloads.randomSizes(SIZE, MAX_PIECE, 1023)));
  }

  private static ServerCase chunked(String id, int opcode, String how, List<Integer> sizes) {
    return ServerCase.slow(id, "1 MiB " + Frame.name(opcode) + " frame written in " + how
        + ", echoed", TIMEOUT, s -> {
          byte[] payload = LargeMessageCases.payload(opcode, SIZE, SIZE);
          byte[] frame = CaseSession.frame(true, 0, opcode, payload);
          var written = s.sendInBackground(Payloads.split(frame, sizes));
          s.expectMessage(opcode, payload);
          written.join();
          return s.closeNormally();
        });
  }

  private static ServerCase fragmented(String id, int opcode, String how, List<Integer> sizes) {
    return ServerCase.slow(id, "1 MiB " + Frame.name(opcode) + " message in " + how
        + ", echoed", TIMEOUT, s -> {
          byte[] payload = LargeMessageCases.payload(opcode, SIZE, SIZE + 1);
          var written = s.sendInBackground(Payloads.fragments(opcode, payload, sizes));
          s.expectMessage(opcode, payload);
          written.join();
          return s.closeNormally();
        });
  }

  private static List<Integer> firstBytesOneByOne(int count) {
    List<Integer> sizes = new java.util.ArrayList<>(java.util.Collections.nCopies(count, 1));
    sizes.add(Integer.MAX_VALUE);
    return sizes;
  }
}
