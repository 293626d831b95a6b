package dev.ippo.conformance;

import static dev.ippo.conformance.CaseSession.concat;
import static dev.ippo.conformance.CaseSession.frame;
import static dev.ippo.conformance.CaseSession.utf8;
import static dev.ippo.conformance.Payloads.hex;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Group 6, UTF-8: valid text echoed, however it is split; invalid text (RFC 3629: overlong
 * forms, surrogates, code points past U+10FFFF, stray or missing continuation bytes) fails
 * the connection with 1007. A strict peer fails fast: it closes as soon as the bytes it has
 * cannot begin valid UTF-8, without waiting for the end of the frame or message.
 *
 * <p>Stateless; thread safe.
 */
final class Utf8Cases {
  /** How long a fail-fast case waits for the close before it sends the withheld rest. */
  static final Duration FAIL_FAST_WINDOW = Duration.ofMillis(1000);

  private static final String[][] VALID = {
      {"empty text", ""},
      {"Latin-1 and symbols", "Hello-µ@ßöäüàá-UTF-8!!"},
      {"Greek 'kosme'", "κόσμε"},
      {"U+0080, first two-byte", "C2 80"},
      {"U+07FF, last two-byte", "DF BF"},
      {"U+0800, first three-byte", "E0 A0 80"},
      {"U+D7FF, last before the surrogates", "ED 9F BF"},
      {"U+E000, first after the surrogates", "EE 80 80"},
      {"U+FFFD, replacement character", "EF BF BD"},
      {"U+FFFF, a noncharacter but valid", "EF BF BF"},
      {"U+10000, first four-byte", "F0 90 80 80"},
      {"U+10FFFF, last code point", "F4 8F BF BF"},
  };

  private static final String[][] INVALID = {
      {"overlong NUL, two bytes", "C0 80"},
      {"overlong U+007F, two bytes (C1)", "C1 BF"},
      {"overlong '/', two bytes", "C0 AF"},
      {"overlong '/', three bytes", "E0 80 AF"},
      {"overlong U+07FF, three bytes", "E0 9F BF"},
      {"overlong '/', four bytes", "F0 80 80 AF"},
      {"overlong U+FFFF, four bytes", "F0 8F BF BF"},
      {"five-byte form", "F8 88 80 80 80"},
      {"six-byte form", "FC 84 80 80 80 80"},
      {"surrogate U+D800", "ED A0 80"},
      {"surrogate U+DB7F", "ED AD BF"},
      {"surrogate U+DBFF", "ED AF BF"},
      {"surrogate U+DC00", "ED B0 80"},
      {"surrogate U+DFFF", "ED BF BF"},
      {"surrogate pair U+D800 U+DC00 encoded as CESU-8", "ED A0 80 ED B0 80"},
      {"U+110000, past the last code point", "F4 90 80 80"},
      {"lead byte F5", "F5 80 80 80"},
      {"lead byte F7, U+1FFFFF", "F7 BF BF BF"},
      {"byte FE", "FE"},
      {"byte FF", "FF"},
      {"lone continuation 0x80", "80"},
      {"lone continuation 0xBF", "BF"},
      {"two continuation bytes", "80 BF"},
      {"two-byte start without continuation", "C2"},
      {"two-byte start followed by ASCII", "C2 41"},
      {"three-byte start, one continuation, then the end", "E0 A0"},
      {"four-byte start, two continuations, then the end", "F0 90 80"},
      {"four-byte start followed by a space", "F0 20"},
      {"valid text, then a surrogate, then valid text", "CE BA E1 BD B9 ED A0 80 65 64"},
      {"valid text ending in a truncated sequence", "CE BA E1 BD B9 CF 83 E2 82"},
      {"valid text with a lone continuation inside", "41 42 43 80 44 45 46"},
  };

  private Utf8Cases() {}

  static List<ServerCase> cases() {
    List<ServerCase> cases = new ArrayList<>();
    for (int i = 0; i < VALID.length; i++) {
      byte[] text = bytesOf(VALID[i][1]);
      cases.add(ServerCase.of("6.1." + (i + 1), "valid: " + VALID[i][0] + ", echoed", s -> {
        s.sendFrame(true, 0, Frame.TEXT, text);
        s.expectText(text);
        return s.closeNormally();
      }));
    }
    cases.add(ServerCase.of("6.1." + (VALID.length + 1), "valid: 4 KiB of mixed text, echoed",
        s -> {
          byte[] text = Payloads.text(4096);
          s.sendFrame(true, 0, Frame.TEXT, text);
          s.expectText(text);
          return s.closeNormally();
        }));
    addSplitValid(cases);
    for (int i = 0; i < INVALID.length; i++) {
      byte[] bad = hex(INVALID[i][1]);
      cases.add(ServerCase.of("6.3." + (i + 1), "invalid: " + INVALID[i][0] + " -> 1007", s -> {
        s.sendFrame(true, 0, Frame.TEXT, bad);
        s.expectClose(1007);
        return Outcome.OK;
      }));
    }
    addFailFast(cases);
    addSplitInvalid(cases);
    return cases;
  }

  private static void addSplitValid(List<ServerCase> cases) {
    byte[] kosme = utf8("κόσμε");
    cases.add(ServerCase.of("6.2.1", "valid 'κόσμε' in 1-byte fragments, echoed", s -> {
      s.sendTogether(Payloads.fragments(Frame.TEXT, kosme, 1).toArray(new byte[0][]));
      s.expectText(kosme);
      return s.closeNormally();
    }));
    byte[] clef = hex("F0 9D 84 9E");
    cases.add(ServerCase.of("6.2.2", "valid U+1D11E in 1-byte fragments, echoed", s -> {
      s.sendTogether(Payloads.fragments(Frame.TEXT, clef, 1).toArray(new byte[0][]));
      s.expectText(clef);
      return s.closeNormally();
    }));
    cases.add(ServerCase.of("6.2.3", "valid 'κόσμε' in one frame, 1-byte chunks, echoed", s -> {
      s.sendChunked(frame(true, 0, Frame.TEXT, kosme), 1, Duration.ofMillis(1));
      s.expectText(kosme);
      return s.closeNormally();
    }));
    byte[] last = hex("F4 8F BF BF");
    cases.add(ServerCase.of("6.2.4", "valid U+10FFFF split 2+2 across fragments, echoed", s -> {
      s.sendTogether(Payloads.fragments(Frame.TEXT, last, 2).toArray(new byte[0][]));
      s.expectText(last);
      return s.closeNormally();
    }));
  }

  /**
   * Fail fast: the invalid bytes go out, the rest of the frame or message is withheld; a
   * strict server closes with 1007 within the window, a lenient one only once the rest is
   * sent (NON-STRICT).
   */
  private static void addFailFast(List<ServerCase> cases) {
    byte[] valid = utf8("κόσμε");
    byte[] tail = Payloads.text(64 * 1024);
    cases.add(failFast("6.4.1", "frame of 64 KiB whose first chunk holds U+110000",
        concat(valid, hex("F4 90 80 80"), tail), valid.length + 4));
    cases.add(ServerCase.of("6.4.2",
        "fail fast: 'κόσμε' F4 in chunk 1 (may still be valid), 90 in chunk 2, rest withheld",
        s -> {
          byte[] all = frame(true, 0, Frame.TEXT, concat(valid, hex("F4 90 80 80"), tail));
          int header = all.length - (valid.length + 4 + tail.length);
          int firstChunk = header + valid.length + 1;
          s.send(java.util.Arrays.copyOfRange(all, 0, firstChunk));
          Frame early = s.poll(Duration.ofMillis(200));
          if (early != null) {
            throw new CaseFailure("closed while the text was still valid so far: " + early);
          }
          s.send(java.util.Arrays.copyOfRange(all, firstChunk, firstChunk + 1));
          return awaitFailFast(s, java.util.Arrays.copyOfRange(all, firstChunk + 1,
              all.length));
        }));
    cases.add(ServerCase.of("6.4.3",
        "fail fast: fragmented text, invalid second fragment, final fragment withheld", s -> {
          s.sendTogether(frame(false, 0, Frame.TEXT, valid),
              frame(false, 0, Frame.CONTINUATION, hex("ED A0 80 65 64 69 74 65 64")));
          return awaitFailFast(s, frame(true, 0, Frame.CONTINUATION, utf8("the end")));
        }));
    cases.add(ServerCase.of("6.4.4",
        "fail fast: fragment ends in E2 82, next fragment starts with 'A', rest withheld", s -> {
          s.sendTogether(frame(false, 0, Frame.TEXT, concat(valid, hex("E2 82"))),
              frame(false, 0, Frame.CONTINUATION, utf8("A bad continuation")));
          return awaitFailFast(s, frame(true, 0, Frame.CONTINUATION, utf8("the end")));
        }));
  }

  private static ServerCase failFast(String id, String description, byte[] payload,
      int firstChunkPayload) {
    return ServerCase.of(id, "fail fast: " + description + ", rest withheld", s -> {
      byte[] all = frame(true, 0, Frame.TEXT, payload);
      int split = all.length - payload.length + firstChunkPayload;
      s.send(java.util.Arrays.copyOfRange(all, 0, split));
      return awaitFailFast(s, java.util.Arrays.copyOfRange(all, split, all.length));
    });
  }

  private static Outcome awaitFailFast(CaseSession s, byte[] withheld) throws Exception {
    Frame early = s.poll(FAIL_FAST_WINDOW);
    if (early != null) {
      s.expectClose(early, 1007);
      return Outcome.OK;
    }
    s.send(withheld);
    s.expectClose(1007);
    return Outcome.NON_STRICT;
  }

  private static void addSplitInvalid(List<ServerCase> cases) {
    byte[] valid = utf8("κόσμε");
    cases.add(ServerCase.of("6.5.1", "valid fragment, then a final fragment with FF -> 1007",
        s -> {
          s.sendTogether(frame(false, 0, Frame.TEXT, valid),
              frame(true, 0, Frame.CONTINUATION, hex("41 FF 42")));
          s.expectClose(1007);
          return Outcome.OK;
        }));
    cases.add(ServerCase.of("6.5.2", "message whose final fragment ends in E2 82 -> 1007",
        s -> {
          s.sendTogether(frame(false, 0, Frame.TEXT, valid),
              frame(true, 0, Frame.CONTINUATION, hex("41 E2 82")));
          s.expectClose(1007);
          return Outcome.OK;
        }));
    cases.add(ServerCase.of("6.5.3", "surrogate ED | A0 80 split across fragments -> 1007",
        s -> {
          s.sendTogether(frame(false, 0, Frame.TEXT, concat(valid, hex("ED"))),
              frame(true, 0, Frame.CONTINUATION, hex("A0 80")));
          s.expectClose(1007);
          return Outcome.OK;
        }));
    cases.add(ServerCase.of("6.5.4", "'κόσμε' + surrogate in 1-byte fragments -> 1007", s -> {
      byte[] bad = concat(valid, hex("ED A0 80"), utf8("edited"));
      s.sendTogether(Payloads.fragments(Frame.TEXT, bad, 1).toArray(new byte[0][]));
      s.expectClose(1007);
      return Outcome.OK;
    }));
  }

  /** Hex when the string looks like hex bytes, else the string's own UTF-8. */
  private static byte[] bytesOf(String spec) {
    return spec.matches("([0-9A-F]{2} ?)+") ? hex(spec) : utf8(spec);
  }
}
