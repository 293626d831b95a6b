package dev.ippo.interop;

import dev.ippo.PerMessageDeflate;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * One permessage-deflate parameter under test (or none), as each end asks for it: Ippo's
 * {@link PerMessageDeflate}, ws's {@code perMessageDeflate} option as JSON, and the
 * {@code Sec-WebSocket-Extensions} answer both ends must end up agreeing on, whichever of
 * them asked.
 *
 * <p>Immutable; thread safe.
 */
enum DeflateParameter {
  DEFAULTS(PerMessageDeflate.builder(), "{}", "permessage-deflate"),
  SERVER_NO_CONTEXT_TAKEOVER(PerMessageDeflate.builder().serverNoContextTakeover(true),
      "{\"serverNoContextTakeover\":true}", "permessage-deflate; server_no_context_takeover"),
  CLIENT_NO_CONTEXT_TAKEOVER(PerMessageDeflate.builder().clientNoContextTakeover(true),
      "{\"clientNoContextTakeover\":true}", "permessage-deflate; client_no_context_takeover"),
  SERVER_MAX_WINDOW_BITS_10(PerMessageDeflate.builder().serverMaxWindowBits(10),
      "{\"serverMaxWindowBits\":10}", "permessage-deflate; server_max_window_bits=10"),
  CLIENT_MAX_WINDOW_BITS_10(PerMessageDeflate.builder().clientMaxWindowBits(10),
      "{\"clientMaxWindowBits\":10}", "permessage-deflate; client_max_window_bits=10");

  /** Which end is configured with the parameter; the other has the defaults. */
  enum AskedBy { IPPO, WS }

  private final PerMessageDeflate ippo;
  private final String wsJson;
  private final String answer;

  DeflateParameter(PerMessageDeflate.Builder ippo, String wsJson, String answer) {
    this.ippo = ippo.build();
    this.wsJson = wsJson;
    this.answer = answer;
  }

  /** Ippo's options when {@code asker} asks for the parameter. */
  PerMessageDeflate ippo(AskedBy asker) {
    return asker == AskedBy.IPPO ? ippo : PerMessageDeflate.DEFAULTS;
  }

  /** ws's {@code perMessageDeflate} option, as JSON, when {@code asker} asks for it. */
  String ws(AskedBy asker) {
    return asker == AskedBy.WS ? wsJson : "{}";
  }

  /** The server's Sec-WebSocket-Extensions answer, as ws and Ippo both write it. */
  String answer() {
    return answer;
  }

  /** The defaults once, then each parameter asked for by Ippo and by ws. */
  static Stream<Arguments> cases() {
    return Stream.concat(Stream.of(Arguments.of(DEFAULTS, AskedBy.IPPO)),
        Arrays.stream(values()).filter(p -> p != DEFAULTS).flatMap(p -> Stream.of(
            Arguments.of(p, AskedBy.IPPO), Arguments.of(p, AskedBy.WS))));
  }
}
