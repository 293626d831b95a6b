package dev.ippo.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Group 13, permessage-deflate parameters (Autobahn's group 13, widened): for each offer the
 * server's answer must be valid for it (checked by {@link DeflateAgreement} before the case
 * runs) and must agree to what the case names; then text and binary messages of 16 B to
 * 64 KiB go both ways compressed under what was agreed (the client's context kept or not,
 * its window honoured), and every echo must inflate under it to what was sent.
 *
 * <p>13.15 runs on {@code /client-window-10}, a server that limits the client's window to 10
 * bits and so cannot honour an offer without {@code client_max_window_bits}: it must pass
 * over the first offer and accept the second.
 *
 * <p>Stateless; thread safe.
 */
final class DeflateParameterCases {
  static final String CLIENT_WINDOW_10 = "/client-window-10";
  private static final String PMD = "permessage-deflate";
  private static final int[] SIZES = {16, 100, 256, 300, 1000, 1024, 1025, 4096, 20000, 65536};
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private DeflateParameterCases() {}

  static List<ServerCase> cases() {
    List<ServerCase> c = new ArrayList<>();
    c.add(agreed("13.1", PMD, "anything valid", a -> true));
    c.add(agreed("13.2", PMD + "; client_no_context_takeover", "the client takes over no context",
        DeflateAgreement::clientNoContextTakeover));
    c.add(agreed("13.3", PMD + "; server_no_context_takeover", "server_no_context_takeover",
        DeflateAgreement::serverNoContextTakeover));
    c.add(agreed("13.4", PMD + "; server_max_window_bits=8", "a server window of 8 bits",
        a -> a.serverMaxWindowBits() <= 8));
    c.add(agreed("13.5", PMD + "; server_max_window_bits=9", "a server window of at most 9",
        a -> a.serverMaxWindowBits() <= 9));
    c.add(agreed("13.6", PMD + "; server_max_window_bits=15", "a server window of at most 15",
        a -> a.serverMaxWindowBits() <= 15));
    c.add(agreed("13.7", PMD + "; client_max_window_bits", "any client window",
        a -> true));
    c.add(agreed("13.8", PMD + "; client_max_window_bits=8", "a client window of 8 bits",
        a -> a.clientMaxWindowBits() == 8));
    c.add(agreed("13.9", PMD + "; client_max_window_bits=12", "a client window of at most 12",
        a -> a.clientMaxWindowBits() <= 12));
    c.add(agreed("13.10", PMD + "; server_no_context_takeover; client_no_context_takeover",
        "no context takeover either way",
        a -> a.serverNoContextTakeover() && a.clientNoContextTakeover()));
    c.add(agreed("13.11", PMD + "; server_no_context_takeover; server_max_window_bits=8",
        "no server context, a server window of 8 bits",
        a -> a.serverNoContextTakeover() && a.serverMaxWindowBits() <= 8));
    c.add(agreed("13.12", PMD + "; server_no_context_takeover; server_max_window_bits=15",
        "no server context", DeflateAgreement::serverNoContextTakeover));
    c.add(agreed("13.13", PMD + "; client_no_context_takeover; client_max_window_bits=9; "
        + "server_max_window_bits=10", "client 9 bits, no context; server at most 10 bits",
        a -> a.clientNoContextTakeover() && a.clientMaxWindowBits() <= 9
            && a.serverMaxWindowBits() <= 10));
    c.add(agreed("13.14", PMD + "; server_no_context_takeover; server_max_window_bits=8, "
        + PMD + "; server_no_context_takeover, " + PMD, "one of the three offers",
        a -> true));
    c.add(agreed("13.15", PMD + "; server_max_window_bits=9, " + PMD
        + "; client_max_window_bits", "the second offer, with client_max_window_bits=10",
        a -> a.offerIndex() == 1 && a.clientMaxWindowBits() == 10).on(CLIENT_WINDOW_10));
    c.add(agreed("13.16", "x-unknown-extension; foo=1, " + PMD + "; server_max_window_bits=\"10\"",
        "permessage-deflate alone, a quoted window honoured (at most 10)",
        a -> a.serverMaxWindowBits() <= 10));
    return c;
  }

  private static ServerCase agreed(String id, String offer, String what,
      Predicate<DeflateAgreement> check) {
    return ServerCase.slow(id, "offer '" + offer + "': answer valid, " + what
        + "; messages of 16 B to 64 KiB echoed", TIMEOUT, s -> {
          DeflateAgreement a = s.deflate().agreed();
          if (!check.test(a)) {
            throw new CaseFailure("agreed " + a + ", expected " + what);
          }
          List<byte[]> payloads = new ArrayList<>();
          List<byte[]> frames = new ArrayList<>();
          for (int i = 0; i < SIZES.length; i++) {
            int opcode = i % 2 == 0 ? Frame.TEXT : Frame.BINARY;
            byte[] p = opcode == Frame.TEXT ? CompressedMessageCases.words(SIZES[i], i)
                : CompressedMessageCases.runs(SIZES[i], i);
            payloads.add(p);
            frames.add(s.messageFrame(opcode, p));
          }
          var written = s.sendInBackground(frames);
          for (int i = 0; i < payloads.size(); i++) {
            s.expectMessage(i % 2 == 0 ? Frame.TEXT : Frame.BINARY, payloads.get(i));
          }
          written.join();
          return s.closeNormally();
        }).offering(offer);
  }
}
